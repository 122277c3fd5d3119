import * as assert from 'node:assert/strict';
import { parseWebviewMessage, restoredView, savedView } from '../../../src/shared/parseMessage';
import { REQUEST_TYPES, type ViewSpec, type WebviewRequest } from '../../../src/shared/protocol';

const VIEW: ViewSpec = { range: { kind: 'week' }, sort: { key: 'leverage', descending: true }, limit: 100 };

/** One valid request of every type, as the webview sends them. */
const VALID: readonly WebviewRequest[] = [
  { type: 'load', view: VIEW },
  { type: 'edit', taskId: 't1', field: 'aiMinutes', value: '12' },
  { type: 'delete', taskId: 't1' },
  { type: 'undoDelete', taskId: 't1' },
  { type: 'merge', keepId: 't1', mergeId: 't2' },
  { type: 'attach', sessionIds: ['s1', 's2'], taskId: 't1' },
  { type: 'exportMarkdown', range: { kind: 'custom', from: '2026-01-01', to: '2026-01-31' } },
  { type: 'exportCsv' },
  { type: 'importCsv' },
];

function request(request: unknown, requestId: unknown = 7): unknown {
  return { type: 'request', requestId, request };
}

/** The refusal of a message that should not parse. */
function refusal(raw: unknown): { ok: false; problem: string; requestId?: number } {
  const parsed = parseWebviewMessage(raw);
  assert.equal(parsed.ok, false, `expected ${JSON.stringify(raw)} to be refused`);
  return parsed as { ok: false; problem: string; requestId?: number };
}

describe('parseWebviewMessage (the webview boundary)', () => {
  it('parses a valid request of every allow-listed type to an equal message', () => {
    assert.deepEqual(
      VALID.map((r) => r.type),
      [...REQUEST_TYPES],
    );
    for (const r of VALID)
      assert.deepEqual(parseWebviewMessage(request(r)), { ok: true, message: { type: 'request', requestId: 7, request: r } });
  });

  it('parses ready, with hasData only when it is true', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'ready', hasData: true }), { ok: true, message: { type: 'ready', hasData: true } });
    assert.deepEqual(parseWebviewMessage({ type: 'ready', hasData: 'yes' }), { ok: true, message: { type: 'ready', hasData: false } });
  });

  it('drops extra fields at every level', () => {
    const parsed = parseWebviewMessage({
      ...(request({ type: 'delete', taskId: 't1', command: 'workbench.action.quit' }) as object),
      extra: 1,
    });
    assert.deepEqual(parsed, { ok: true, message: { type: 'request', requestId: 7, request: { type: 'delete', taskId: 't1' } } });
    const load = parseWebviewMessage(request({ type: 'load', view: { ...VIEW, sort: { ...VIEW.sort, x: 1 }, y: 2 } }));
    assert.deepEqual(load, { ok: true, message: { type: 'request', requestId: 7, request: { type: 'load', view: VIEW } } });
  });

  it('refuses missing fields, naming the field and keeping the request id to reply to', () => {
    assert.deepEqual(refusal(request({ type: 'edit', taskId: 't1', value: '3' })), {
      ok: false,
      problem: 'Refused a message from the panel: "field" is not one of title, estimate, aiMinutes, supMinutes.',
      requestId: 7,
    });
    assert.match(refusal(request({ type: 'merge', keepId: 't1' })).problem, /"mergeId" is not a string/);
    assert.match(refusal(request({ type: 'load' })).problem, /view is not an object/);
    assert.match(
      refusal(request({ type: 'exportMarkdown', range: { kind: 'custom', from: '2026-01-01' } })).problem,
      /"to" is not a string/,
    );
    assert.equal(refusal({ type: 'request', request: { type: 'exportCsv' } }).requestId, undefined);
  });

  it('refuses wrong-typed fields', () => {
    assert.match(refusal(request({ type: 'delete', taskId: 42 })).problem, /"taskId" is not a string/);
    assert.match(
      refusal(request({ type: 'attach', sessionIds: ['s1', 2], taskId: 't1' })).problem,
      /"sessionIds" is not a list of strings/,
    );
    assert.match(refusal(request({ type: 'attach', sessionIds: 's1', taskId: 't1' })).problem, /"sessionIds"/);
    assert.match(refusal(request({ type: 'load', view: { ...VIEW, limit: '100' } })).problem, /"limit" is not a number/);
    assert.match(
      refusal(request({ type: 'load', view: { ...VIEW, sort: { key: 'cost', descending: true } } })).problem,
      /"key" is not one of index/,
    );
    assert.match(refusal(request({ type: 'load', view: { ...VIEW, range: { kind: 'decade' } } })).problem, /"kind" is not one of/);
    assert.match(refusal(request({ type: 'edit', taskId: 't1', field: 'deletedAt', value: '1' })).problem, /"field"/);
    assert.match(refusal(request({ type: 'exportCsv' }, '7')).problem, /"requestId" is not an integer/);
    assert.match(refusal(request([])).problem, /request is not an object/);
  });

  it('refuses request types outside the allow-list and messages that are not objects', () => {
    assert.match(refusal(request({ type: 'runCommand', command: 'x' })).problem, /"type" is not one of load/);
    assert.match(refusal({ type: 'command', command: 'x' }).problem, /neither ready nor request/);
    for (const raw of [null, 'ready', 3, undefined]) assert.match(refusal(raw).problem, /message is not an object/);
  });

  it('clamps the page size to 1 … 100,000 whole rows', () => {
    const limit = (n: number): number => {
      const parsed = parseWebviewMessage(request({ type: 'load', view: { ...VIEW, limit: n } }));
      assert.ok(parsed.ok && parsed.message.type === 'request' && parsed.message.request.type === 'load');
      return parsed.message.request.view.limit;
    };
    assert.deepEqual([limit(0), limit(150.7), limit(1e9)], [1, 150, 100_000]);
    assert.match(refusal(request({ type: 'load', view: { ...VIEW, limit: Number.NaN } })).problem, /"limit"/);
  });

  it('restores a saved view, or falls back when VS Code kept something else', () => {
    const fallback: ViewSpec = { range: { kind: 'today' }, sort: { key: 'index', descending: false }, limit: 100 };
    assert.deepEqual(restoredView(VIEW, fallback), VIEW);
    assert.equal(restoredView(undefined, fallback), fallback);
    assert.equal(restoredView({ range: { kind: 'today' } }, fallback), fallback);
    assert.deepEqual(restoredView(savedView({ view: VIEW }), fallback), VIEW);
    for (const state of [undefined, null, 'view', { other: VIEW }]) assert.equal(savedView(state), undefined);
  });
});

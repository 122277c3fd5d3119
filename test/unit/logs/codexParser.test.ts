import * as assert from 'node:assert/strict';
import { codexFormat, type CodexState } from '../../../src/logs/codexParser';
import type { UsageRecord } from '../../../src/domain/tokens';
import { codexTokenLine, fixtureLines, parseLine } from './helpers';

/** Parses lines with one state, as one scan of one file would. */
function parseAll(
  lines: string[],
  state: CodexState = codexFormat.initialState('rollout.jsonl'),
): { events: UsageRecord[]; skipped: string[] } {
  const events: UsageRecord[] = [];
  const skipped: string[] = [];
  for (const line of lines) {
    const r = parseLine(codexFormat, line, state);
    if (typeof r === 'string') skipped.push(r);
    else events.push(r);
  }
  return { events, skipped };
}

const bucketsOf = (e: UsageRecord) => [e.input, e.cacheRead, e.cacheCreation, e.output];

describe('codexParser', () => {
  it('counts running-total differences once, with model and cwd from turn_context / session_meta', () => {
    const { events, skipped } = parseAll(fixtureLines('codex-rollout.jsonl'));
    assert.equal(events.length, 2, 'info:null and the repeated running total count nothing');
    assert.deepEqual(events.map(bucketsOf), [
      [800, 200, 0, 300], // first turn: 1000 input of which 200 cached; reasoning is inside output_tokens
      [500, 1000, 0, 400], // second: totals 2500/1200/700 minus 1000/200/300
    ]);
    for (const e of events)
      assert.deepEqual(
        [e.model, e.cwd, e.sessionId, e.agent],
        ['gpt-5-codex', '/home/dev/api', '0199a213-81c0-7800-8aa1-bbab2a035a53', 'codex'],
      );
    assert.equal(events[1].timestamp, Date.UTC(2025, 9, 2, 10, 0, 9));
    assert.equal(new Set(events.map((e) => e.key)).size, 2);
    assert.equal(skipped.filter((s) => s === 'malformed').length, 0);
  });

  it('sums deltas to the final running total, however often totals repeat', () => {
    const lines = [
      codexTokenLine('2025-10-02T10:00:01Z', 100, 0, 10),
      codexTokenLine('2025-10-02T10:00:02Z', 100, 0, 10),
      codexTokenLine('2025-10-02T10:00:03Z', 250, 50, 30),
      codexTokenLine('2025-10-02T10:00:04Z', 250, 50, 30),
      codexTokenLine('2025-10-02T10:00:05Z', 250, 50, 30),
      codexTokenLine('2025-10-02T10:00:06Z', 900, 400, 95),
    ];
    const { events } = parseAll(lines);
    assert.equal(events.length, 3);
    const sum = (f: (e: UsageRecord) => number) => events.reduce((s, e) => s + f(e), 0);
    assert.deepEqual([sum((e) => e.input + e.cacheRead), sum((e) => e.cacheRead), sum((e) => e.output)], [900, 400, 95]);
  });

  it('counts the turn’s own usage when the running total restarts lower', () => {
    const state: CodexState = {};
    parseAll([codexTokenLine('2025-10-02T10:00:01Z', 5000, 0, 500)], state);
    const { events } = parseAll([codexTokenLine('2025-10-02T10:00:02Z', 300, 100, 20, { input: 300, cached: 100, output: 20 })], state);
    assert.deepEqual(events.map(bucketsOf), [[200, 100, 0, 20]]);
  });

  it('flags broken lines and ignores other types', () => {
    const { skipped } = parseAll([
      '{"timestamp":"x","type":"event_msg"',
      'not json',
      '{"type":"response_item","payload":{"type":"message"}}',
      '{"type":"event_msg","payload":{"type":"token_count","info":null}}',
    ]);
    assert.deepEqual(skipped, ['malformed', 'malformed', 'ignored', 'ignored']);
  });

  it('revives a JSON round-tripped state and refuses a corrupt one', () => {
    const state: CodexState = {};
    parseAll(fixtureLines('codex-rollout.jsonl'), state);
    const revived = codexFormat.reviveState(JSON.parse(JSON.stringify(state)));
    assert.deepEqual(revived, { ...state });
    assert.equal(codexFormat.reviveState({ last: { input: 'x' } }), undefined);
    assert.equal(codexFormat.reviveState(42), undefined);
  });

  it('lets session_meta and turn_context through the pre-filter', () => {
    const passes = (line: string) => codexFormat.mustContainAny.some((n) => line.includes(n));
    assert.deepEqual(fixtureLines('codex-rollout.jsonl').map(passes), [true, false, true, true, true, true, false, true]);
  });
});

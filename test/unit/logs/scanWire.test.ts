import * as assert from 'node:assert/strict';
import { decodeResults, encodeResults } from '../../../src/logs/scanWire';
import type { FileResult } from '../../../src/logs/scanner';

const results: FileResult[] = [
  {
    path: '/p/a.jsonl',
    agent: 'claude',
    reset: true,
    events: [
      {
        agent: 'claude',
        key: 'claude:m1:r1',
        timestamp: 1_759_320_000_123,
        sessionId: 's',
        cwd: '/w',
        model: 'opus',
        input: 1,
        output: 2.5,
        cacheCreation: 3,
        cacheRead: 4e12,
      },
      {
        agent: 'claude',
        key: 'claude:m2',
        timestamp: 1,
        sessionId: undefined,
        cwd: undefined,
        model: undefined,
        input: 0,
        output: 0,
        cacheCreation: 0,
        cacheRead: 0,
      },
    ],
    turns: [
      { agent: 'claude', sessionId: 's', cwd: '/w', start: 10, end: 20, prompted: true, interrupted: false, open: false },
      { agent: 'claude', sessionId: undefined, cwd: undefined, start: 30, end: 30, prompted: false, interrupted: true, open: true },
    ],
  },
  { path: '/p/empty.jsonl', agent: 'codex in VS Code', reset: false, events: [], turns: [] },
  {
    path: '/p/c.jsonl',
    agent: 'codex',
    reset: false,
    events: [
      {
        agent: 'codex',
        key: 'codex:1/2/3/4:-',
        timestamp: 5,
        sessionId: 's',
        cwd: '/w',
        model: 'gpt-5',
        input: 7,
        output: 8,
        cacheCreation: 0,
        cacheRead: 9,
      },
    ],
    turns: [{ agent: 'codex', sessionId: 's', cwd: '/é 构', start: 1, end: 2, prompted: true, interrupted: true, open: true }],
  },
];

describe('scanWire (file results between a scan thread and the host)', () => {
  it('decodes to results equal field for field, absent strings and every flag included', () => {
    assert.deepEqual(decodeResults(encodeResults(results)), results);
    assert.deepEqual(decodeResults(encodeResults([])), []);
  });

  it('keeps each repeated string once and carries its numbers in typed arrays', () => {
    const wire = encodeResults(results);
    assert.equal(wire.strings.filter((s) => s === 'claude').length, 1);
    assert.equal(wire.strings.filter((s) => s === '/w').length, 1);
    assert.ok(wire.files instanceof Int32Array && wire.events instanceof Float64Array && wire.turns instanceof Float64Array);
  });
});

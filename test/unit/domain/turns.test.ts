import * as assert from 'node:assert/strict';
import type { AgentSession } from '../../../src/domain/session';
import { mergeTurns, promptCredits, type AgentTurn } from '../../../src/domain/turns';

const s = 1000;

function turn(start: number, end: number, prompted = true): AgentTurn {
  return { agent: 'claude', sessionId: 'c1', cwd: '/w', start: start * s, end: end * s, prompted, interrupted: false, open: false };
}

const secs = (intervals: readonly { start: number; end: number }[]) => intervals.map((i) => [i.start / s, i.end / s]);

describe('turns', () => {
  it('mergeTurns: stretches are the union of the turns, the span covers them all, prompts are kept once', () => {
    const a = mergeTurns(undefined, [turn(10, 20), turn(30, 40)], 'records:claude:c1', 1);
    const b = mergeTurns(a, [turn(30, 45), turn(15, 25, false)], 'records:claude:c1', 2);
    assert.deepEqual(secs(b.active), [
      [10, 25],
      [30, 45],
    ]);
    assert.deepEqual(
      [b.startedAt / s, b.endedAt! / s, b.prompts?.map((t) => t / s), b.measuredBy, b.cwd],
      [10, 45, [10, 30], 'records', '/w'],
    );
  });

  it('promptCredits: each prompt credits the time before it, bounded by the timeout and the end of the previous turn', () => {
    const session = mergeTurns(undefined, [turn(100, 200), turn(230, 300), turn(500, 600)], 'x', 0) as AgentSession;
    // 100: nothing before it, the full 60 s; 230: only since the previous turn ended at 200; 500: 60 s.
    assert.deepEqual(secs(promptCredits([session], 60 * s)), [
      [40, 100],
      [200, 230],
      [440, 500],
    ]);
  });

  it('promptCredits: a prompt sent while the agent was still working (queued) credits nothing', () => {
    const session = mergeTurns(undefined, [turn(0, 50, false), turn(40, 90)], 'x', 0);
    assert.deepEqual(promptCredits([session], 60 * s), []);
  });
});

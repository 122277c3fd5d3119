import * as assert from 'node:assert/strict';
import { formatFactor } from '../../../src/domain/format';
import { leverageFactor, taskLeverage, taskSupLeverage, totals, withoutWallClock } from '../../../src/domain/leverage';
import type { Task } from '../../../src/domain/task';

function task(humanHours: number | undefined, aiMinutes: number | undefined, supMinutes?: number, tokens?: number): Task {
  return {
    id: `t${Math.random()}`,
    title: 't',
    workspace: '',
    startedAt: 0,
    stoppedAt: 1,
    humanHours,
    aiMinutes,
    supMinutes,
    tokens,
    updatedAt: 1,
  };
}

describe('leverage', () => {
  it('is hours × 60 / minutes: 8h in 12m is 40.0x, in 3m sup. is 160.0x', () => {
    const t = task(8, 12, 3);
    assert.equal(taskLeverage(t), 40);
    assert.equal(taskSupLeverage(t), 160);
    assert.equal(formatFactor(taskLeverage(t)), '40.0x');
  });

  it('is undefined ("—"), never Infinity or NaN, without minutes or estimate', () => {
    for (const [h, m] of [
      [8, 0],
      [8, undefined],
      [undefined, 12],
      [8, -5],
      [Number.NaN, 3],
      [8, Number.POSITIVE_INFINITY],
    ] as const) {
      assert.equal(leverageFactor(h, m), undefined, `${h} h / ${m} min`);
    }
    assert.equal(formatFactor(undefined), '—');
  });

  it('weights the example day: 12 tasks, 204 h, 503 AI minutes → 24.3x', () => {
    const hours = [16, 8, 40, 24, 12, 6, 30, 20, 10, 4, 18, 16];
    const minutes = [12, 30, 95, 60, 25, 14, 70, 48, 40, 9, 55, 45];
    assert.equal(
      hours.reduce((a, b) => a + b),
      204,
    );
    assert.equal(
      minutes.reduce((a, b) => a + b),
      503,
    );
    const day = hours.map((h, i) => task(h, minutes[i]));
    const sum = totals(day);
    assert.equal(sum.taskCount, 12);
    assert.equal(sum.humanHours, 204);
    assert.equal(sum.aiMinutes, 503);
    assert.equal(formatFactor(sum.leverage), '24.3x');
    // The mean of per-task factors is a different (wrong) number; make sure we are not computing it.
    const mean = day.reduce((acc, t) => acc + (taskLeverage(t) ?? 0), 0) / day.length;
    assert.notEqual(formatFactor(mean), '24.3x');
  });

  it('leaves tasks without a figure out of that weighted average only', () => {
    const sum = totals([task(8, 12, 3, 95_000), task(4, undefined, 6, 5_000), task(undefined, 30)]);
    assert.equal(sum.leverage, (8 * 60) / 12);
    assert.equal(sum.supLeverage, ((8 + 4) * 60) / (3 + 6));
    assert.equal(sum.humanHours, 12);
    assert.equal(sum.aiMinutes, 42);
    assert.equal(sum.tokens, 100_000);
  });

  it('has no averages and no sums for an empty period', () => {
    const sum = totals([]);
    assert.equal(sum.leverage, undefined);
    assert.equal(sum.supLeverage, undefined);
    assert.equal(sum.taskCount, 0);
    assert.equal(sum.aiMinutes, undefined);
  });

  it('leaves a sum undefined when no task has that figure, and sums a zero that was measured', () => {
    const sum = totals([task(8, 12, undefined, undefined), task(4, 0, undefined, 0)]);
    assert.equal(sum.supMinutes, undefined);
    assert.equal(sum.tokens, 0);
    assert.equal(sum.aiMinutes, 12);
  });

  it('can leave out tasks on the wall-clock fallback: 8h/10m measured + 1h/5m typed + 2h/60m wall → 8.8x with, 36.0x without', () => {
    const measured = { ...task(8, 10), aiSource: 'measured' as const };
    const typed = { ...task(1, 5), aiSource: 'user' as const };
    const wall = { ...task(2, 60), aiSource: 'wallclock' as const };
    assert.equal(formatFactor(totals([measured, typed, wall]).leverage), '8.8x');
    assert.deepEqual(withoutWallClock([measured, typed, wall]), [measured, typed]);
    assert.equal(formatFactor(totals(withoutWallClock([measured, typed, wall])).leverage), '36.0x');
  });
});

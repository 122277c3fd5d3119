import * as assert from 'node:assert/strict';
import { formatHours, formatMinutes, formatTokens } from '../../../src/domain/format';
import { createTask, elapsedMinutes, isRunning, MAX_TITLE_LENGTH, normaliseTitle, stopTask } from '../../../src/domain/task';

describe('task', () => {
  const start = Date.UTC(2026, 10, 24, 9, 0, 0);

  it('runs from start until stopped; elapsed follows the clock', () => {
    const t = createTask('id-1', 'Add CSV export', 'file:///ws', start);
    assert.ok(isRunning(t));
    assert.equal(elapsedMinutes(t, start + 12 * 60_000), 12);
  });

  it('stops with the estimate; AI minutes fall back to wall clock, marked as such', () => {
    const t = createTask('id-1', 'Add CSV export', 'file:///ws', start);
    const stopped = stopTask(t, start + 12 * 60_000, { humanHours: 8 });
    assert.equal(isRunning(stopped), false);
    assert.equal(stopped.stoppedAt, start + 12 * 60_000);
    assert.equal(stopped.humanHours, 8);
    assert.equal(stopped.aiMinutes, 12);
    assert.equal(stopped.aiSource, 'wallclock');
    assert.equal(stopped.updatedAt, start + 12 * 60_000);
  });

  it("takes measured minutes over wall clock, and the user's corrections over both", () => {
    const t = createTask('id-1', 'x', '', start);
    const measured = stopTask(t, start + 60 * 60_000, { humanHours: 2, measuredAiMinutes: 5, measuredSupMinutes: 3 });
    assert.deepEqual([measured.aiMinutes, measured.aiSource, measured.supMinutes, measured.supSource], [5, 'measured', 3, 'measured']);
    const corrected = stopTask(t, start + 60 * 60_000, {
      humanHours: 2,
      measuredAiMinutes: 5,
      measuredSupMinutes: 3,
      userAiMinutes: 7,
      userSupMinutes: 0,
    });
    assert.deepEqual([corrected.aiMinutes, corrected.aiSource, corrected.supMinutes, corrected.supSource], [7, 'user', 0, 'user']);
    const nothing = stopTask(t, start + 60 * 60_000, { humanHours: 2 });
    assert.deepEqual([nothing.aiMinutes, nothing.aiSource, nothing.supMinutes], [60, 'wallclock', undefined]);
  });

  it('never stops before it started, even if the clock went backwards', () => {
    const stopped = stopTask(createTask('id', 'x', '', start), start - 5_000, { humanHours: 1 });
    assert.equal(stopped.stoppedAt, start);
    assert.equal(stopped.aiMinutes, 0);
  });

  it('cannot be stopped twice', () => {
    const stopped = stopTask(createTask('id', 'x', '', start), start + 1, { humanHours: 1 });
    assert.throws(() => stopTask(stopped, start + 2, { humanHours: 1 }), /already stopped/);
  });

  it('normalises titles: trims, folds whitespace and newlines, refuses blank and overlong', () => {
    assert.deepEqual(normaliseTitle('  Fix\n the   bug '), { ok: true, value: 'Fix the bug' });
    assert.equal(normaliseTitle(' \t\n').ok, false);
    assert.equal(normaliseTitle('x'.repeat(MAX_TITLE_LENGTH)).ok, true);
    assert.equal(normaliseTitle('x'.repeat(MAX_TITLE_LENGTH + 1)).ok, false);
    assert.deepEqual(normaliseTitle('<img src=x onerror="alert(1)">'), { ok: true, value: '<img src=x onerror="alert(1)">' });
  });

  it('formats figures like the record', () => {
    assert.equal(formatHours(8), '8h');
    assert.equal(formatHours(0.75), '0.75h');
    assert.equal(formatHours(undefined), '—');
    assert.equal(formatMinutes(12.4), '12m');
    assert.equal(formatMinutes(0.2), '<1m');
    assert.equal(formatMinutes(0), '0m');
    assert.equal(formatTokens(95_000), '95k');
    assert.equal(formatTokens(2_600_000), '2.6M');
    assert.equal(formatTokens(2_615_000), '2.62M');
    assert.equal(formatTokens(2_265_000), '2.27M');
    assert.equal(formatTokens(4_129_000), '4.13M');
    assert.equal(formatTokens(950), '950');
    assert.equal(formatTokens(undefined), '—');
  });
});

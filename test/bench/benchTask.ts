import type { Task } from '../../src/domain/task';

/** Task `i` of a benchmark's record: one every 10 minutes from `start`, 4 h by hand, 12 AI minutes. */
export function benchTask(i: number, start: number, updatedAt: number): Task {
  return {
    id: `t${i}`,
    title: `Task number ${i} with a realistic title`,
    workspace: 'file:///ws',
    startedAt: start + i * 600_000,
    stoppedAt: start + i * 600_000 + 300_000,
    humanHours: 4,
    aiMinutes: 12,
    aiSource: 'measured',
    supMinutes: 3,
    supSource: 'measured',
    updatedAt,
  };
}

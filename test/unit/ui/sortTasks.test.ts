import * as assert from 'node:assert/strict';
import type { Task } from '../../../src/domain/task';
import { SORT_KEYS, type SortKey } from '../../../src/shared/protocol';
import { sortTasks } from '../../../src/ui/panel/report';

function task(id: string, startedAt: number, title: string, figures: Partial<Task>): Task {
  return { id, title, workspace: 'ws', startedAt, stoppedAt: startedAt + 1, updatedAt: 1, ...figures };
}

// A: leverage 6, sup. leverage 24; B and D tie on every figure (D starts later); C lacks most figures.
// B and D were recorded on this machine, A and C on others.
const TASKS = [
  task('A', 1, 'beta', { humanHours: 4, aiMinutes: 40, supMinutes: 10, tokens: 300, machine: { id: 'm2', name: 'Codespace' } }),
  task('B', 2, 'Alpha', { humanHours: 2, aiMinutes: 10, supMinutes: 30, tokens: 100 }),
  task('C', 3, 'gamma', { aiMinutes: 20, machine: { id: 'm1', name: 'desktop' } }),
  task('D', 4, 'alpha', { humanHours: 2, aiMinutes: 10, supMinutes: 30, tokens: 100 }),
];
const COMMITS = new Map([
  ['A', 1],
  ['B', 3],
  ['D', 3],
]);

/** Expected orders, ascending then descending: ties keep start order, missing figures sort last both ways. */
const EXPECTED: Record<SortKey, [string, string]> = {
  index: ['ABCD', 'DCBA'],
  title: ['BDAC', 'CABD'],
  human: ['BDAC', 'ABDC'],
  ai: ['BDCA', 'ACBD'],
  sup: ['ABDC', 'BDAC'],
  tokens: ['BDAC', 'ABDC'],
  leverage: ['ABDC', 'BDAC'],
  supLeverage: ['BDAC', 'ABDC'],
  commits: ['CABD', 'BDAC'],
  machine: ['BDAC', 'CABD'],
};

describe("sortTasks (the task log's column sort)", () => {
  it('has an expected order for every sort key', () => {
    assert.deepEqual(Object.keys(EXPECTED).sort(), [...SORT_KEYS].sort());
  });

  for (const key of SORT_KEYS) {
    it(`sorts by ${key} both ways`, () => {
      const order = (descending: boolean): string =>
        sortTasks(TASKS, key, descending, COMMITS)
          .map((t) => t.id)
          .join('');
      assert.deepEqual([order(false), order(true)], EXPECTED[key]);
    });
  }

  it('leaves its input in place', () => {
    const input = [...TASKS];
    sortTasks(input, 'title', true, COMMITS);
    sortTasks(input, 'index', true, COMMITS);
    assert.deepEqual(input, TASKS);
  });
});

import * as assert from 'node:assert/strict';
import type { Task } from '../../../src/domain/task';
import { rowView, totalsView } from '../../../src/ui/panel/report';

function stopped(id: string, humanHours: number, opinionMedian?: number): Task {
  return {
    id,
    title: id,
    workspace: '',
    startedAt: 0,
    stoppedAt: 60_000,
    humanHours,
    aiMinutes: 10,
    updatedAt: 0,
    ...(opinionMedian === undefined
      ? {}
      : { opinion: { low: opinionMedian / 2, median: opinionMedian, high: opinionMedian * 2, count: 9 } }),
  };
}

describe('the panel shows the second opinion', () => {
  it('as the row’s opinion title of a task that had one, and nothing for a task without', () => {
    assert.equal(rowView(stopped('a', 8, 6), 0).opinionTitle, 'Second opinion at stop: similar tasks took you 3–12h (median 6h, 9 tasks)');
    assert.equal(rowView(stopped('b', 8), 0).opinionTitle, '');
  });

  it('in the totals: the median ratio of estimate to opinion over the tasks that had one; null when none had', () => {
    const tasks = [stopped('a', 8, 4), stopped('b', 3, 2), stopped('c', 6, 5), stopped('d', 5)];
    assert.equal(totalsView(tasks).text.opinion, 'median ratio ×1.5 over 3 tasks');
    assert.equal(totalsView([stopped('d', 5)]).text.opinion, null);
  });
});

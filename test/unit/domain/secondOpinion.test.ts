import * as assert from 'node:assert/strict';
import { heldOutScore, syntheticHistory as history } from '../../support/syntheticHistory';
import {
  compareEstimates,
  describeComparison,
  describeOpinion,
  MIN_HISTORY,
  roundHours,
  secondOpinion,
  titleWords,
  type PastTask,
} from '../../../src/domain/secondOpinion';

describe('second opinion on the estimate', () => {
  it(`says nothing with fewer than ${MIN_HISTORY} past tasks`, () => {
    const past = history(MIN_HISTORY - 1, 1);
    assert.equal(secondOpinion(past, past[0].shape), undefined);
    assert.ok(secondOpinion(history(MIN_HISTORY, 1), past[0].shape));
  });

  it("predicts held-out tasks of a synthetic history far better than the history's median, and its range holds about half", () => {
    const score = heldOutScore(history(400, 7), history(200, 8));
    // Noise alone (σ 0.3) puts the median absolute log error of a perfect model near 0.2.
    assert.ok(score.modelError < 0.35, `median |log error| ${score.modelError.toFixed(3)}`);
    assert.ok(
      score.modelError < score.baselineError / 2,
      `model ${score.modelError.toFixed(3)} vs baseline ${score.baselineError.toFixed(3)}`,
    );
    assert.ok(score.inRange >= 0.35 && score.inRange <= 0.8, `${(score.inRange * 100).toFixed(0)} % in the middle-half range`);
  });

  it('follows the title words when the measured facts are the same', () => {
    const facts = { aiMinutes: 20, commits: 1, files: 3, lines: 100, tokens: 50_000 };
    const past: PastTask[] = [
      ...Array.from({ length: 6 }, (_, i) => ({ shape: { ...facts, title: `database migration ${i}` }, hours: 12 })),
      ...Array.from({ length: 6 }, (_, i) => ({ shape: { ...facts, title: `readme typo ${i}` }, hours: 1 })),
    ];
    assert.equal(secondOpinion(past, { ...facts, title: 'Schema migration of the database' })!.median, 12);
    assert.equal(secondOpinion(past, { ...facts, title: 'Fix a typo in the README' })!.median, 1);
  });

  it('ignores past tasks without a positive estimate', () => {
    const past = history(10, 3).map((p, i) => (i < 6 ? { ...p, hours: 0 } : p));
    assert.equal(secondOpinion(past, past[0].shape), undefined);
  });

  it('words: lower case, three letters or more, no filler words', () => {
    assert.deepEqual([...titleWords('Fix the CSV export & add tests for it')].sort(), ['csv', 'export', 'tests']);
  });

  it('rounds like people estimate and describes the range', () => {
    assert.equal(roundHours(0.3), 0.25);
    assert.equal(roundHours(3.2), 3);
    assert.equal(roundHours(3.3), 3.5);
    assert.equal(roundHours(11.6), 12);
    assert.equal(describeOpinion({ low: 3.9, median: 6.1, high: 8.2, count: 9 }), 'similar tasks took you 4–8h (median 6h, 9 tasks)');
    assert.equal(describeOpinion({ low: 2, median: 2, high: 2, count: 5 }), 'similar tasks took you 2h (median 2h, 5 tasks)');
  });
});

describe('estimates compared with the second opinion', () => {
  const opinion = (median: number) => ({ low: median / 2, median, high: median * 2, count: 9 });

  it('takes the median ratio of estimate to opinion over the tasks that have both', () => {
    const tasks = [
      { humanHours: 8, opinion: opinion(4) },
      { humanHours: 3, opinion: opinion(2) },
      { humanHours: 40, opinion: opinion(4) },
      { humanHours: 5 },
      { opinion: opinion(6) },
    ];
    assert.deepEqual(compareEstimates(tasks), { ratio: 2, count: 3 });
    assert.equal(describeComparison({ ratio: 1.26, count: 42 }), 'median ratio ×1.3 over 42 tasks');
    assert.equal(describeComparison({ ratio: 0.8, count: 1 }), 'median ratio ×0.8 over 1 task');
  });

  it('says nothing when no task has both', () => {
    assert.equal(compareEstimates([{ humanHours: 5 }, { opinion: opinion(2) }]), undefined);
  });
});

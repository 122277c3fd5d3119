import * as assert from 'node:assert/strict';
import { prng } from '../../support/prng';
import {
  compareEstimates,
  describeComparison,
  describeOpinion,
  MIN_HISTORY,
  quantile,
  roundHours,
  secondOpinion,
  titleWords,
  type PastTask,
  type TaskShape,
} from '../../../src/domain/secondOpinion';

/** Kinds of work with a typical size in hours; titles carry the kind's words. */
const KINDS = [
  { words: ['readme', 'docs', 'typo'], hours: 0.5 },
  { words: ['flaky', 'test', 'timeout'], hours: 2 },
  { words: ['refactor', 'module', 'split'], hours: 5 },
  { words: ['export', 'csv', 'feature'], hours: 8 },
  { words: ['migration', 'schema', 'database'], hours: 16 },
];

/**
 * A history with known structure: each task's true hours are its kind's size times log-normal
 * noise (σ 0.3); its measured facts grow with the hours (AI minutes at ~20x leverage, ~80 lines
 * an hour), each with noise of its own; its title has two of its kind's words and a filler word.
 */
function history(count: number, seed: number): PastTask[] {
  const rnd = prng(seed);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const filler = ['alpha', 'beta', 'gamma', 'delta', 'omega', 'sigma'];
  return Array.from({ length: count }, () => {
    const kind = KINDS[Math.floor(rnd() * KINDS.length)];
    const hours = kind.hours * Math.exp(0.3 * normal());
    const words = [...kind.words].sort(() => rnd() - 0.5).slice(0, 2);
    const shape: TaskShape = {
      aiMinutes: (hours * 60) / (20 * Math.exp(0.5 * normal())),
      commits: Math.max(0, Math.round(hours / 3 + normal())),
      files: Math.max(1, Math.round(hours * 2 * Math.exp(0.4 * normal()))),
      lines: Math.round(hours * 80 * Math.exp(0.5 * normal())),
      tokens: Math.round(hours * 40_000 * Math.exp(0.5 * normal())),
      title: `${words.join(' ')} ${filler[Math.floor(rnd() * filler.length)]}`,
    };
    return { shape, hours };
  });
}

const median = (values: number[]): number =>
  quantile(
    [...values].sort((a, b) => a - b),
    0.5,
  );

describe('second opinion on the estimate', () => {
  it(`says nothing with fewer than ${MIN_HISTORY} past tasks`, () => {
    const past = history(MIN_HISTORY - 1, 1);
    assert.equal(secondOpinion(past, past[0].shape), undefined);
    assert.ok(secondOpinion(history(MIN_HISTORY, 1), past[0].shape));
  });

  it("predicts held-out tasks of a synthetic history far better than the history's median, and its range holds about half", () => {
    const train = history(400, 7);
    const test = history(200, 8);
    const baseline = median(train.map((p) => p.hours));
    let inRange = 0;
    const errors: number[] = [];
    const baseErrors: number[] = [];
    for (const t of test) {
      const o = secondOpinion(train, t.shape)!;
      errors.push(Math.abs(Math.log(o.median / t.hours)));
      baseErrors.push(Math.abs(Math.log(baseline / t.hours)));
      if (t.hours >= o.low && t.hours <= o.high) inRange++;
    }
    const err = median(errors);
    const baseErr = median(baseErrors);
    // Noise alone (σ 0.3) puts the median absolute log error of a perfect model near 0.2.
    assert.ok(err < 0.35, `median |log error| ${err.toFixed(3)}`);
    assert.ok(err < baseErr / 2, `model ${err.toFixed(3)} vs baseline ${baseErr.toFixed(3)}`);
    assert.ok(inRange / test.length >= 0.35 && inRange / test.length <= 0.8, `${inRange} of ${test.length} in the middle-half range`);
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
    assert.equal(describeComparison({ ratio: 1.26, count: 42 }), 'your estimates vs. second opinion: median ratio ×1.3 over 42 tasks');
    assert.equal(describeComparison({ ratio: 0.8, count: 1 }), 'your estimates vs. second opinion: median ratio ×0.8 over 1 task');
  });

  it('says nothing when no task has both', () => {
    assert.equal(compareEstimates([{ humanHours: 5 }, { opinion: opinion(2) }]), undefined);
  });
});

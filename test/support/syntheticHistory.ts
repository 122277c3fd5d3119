import { median, secondOpinion, type PastTask, type TaskShape } from '../../src/domain/secondOpinion';
import { prng } from './prng';

/** Kinds of work with a typical size in hours; titles carry the kind's words. */
const KINDS = [
  { words: ['readme', 'docs', 'typo'], hours: 0.5 },
  { words: ['flaky', 'test', 'timeout'], hours: 2 },
  { words: ['refactor', 'module', 'split'], hours: 5 },
  { words: ['export', 'csv', 'feature'], hours: 8 },
  { words: ['migration', 'schema', 'database'], hours: 16 },
];

/**
 * A synthetic history with known structure: each task's true hours are its kind's size times log-normal
 * noise (σ 0.3); its measured facts grow with the hours (AI minutes at ~20x leverage, ~80 lines
 * an hour), each with noise of its own; its title has two of its kind's words and a filler word.
 */
export function syntheticHistory(count: number, seed: number): PastTask[] {
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

/** How well the second opinion predicts held-out tasks, against always saying the history's median. */
export interface HeldOutScore {
  /** Median |log(predicted / true hours)| of the opinion's median: 0.15 means a typical miss of ×1.16. */
  readonly modelError: number;
  /** The same for the training history's overall median. */
  readonly baselineError: number;
  /** Share of held-out tasks whose hours fall in the opinion's middle-half range. */
  readonly inRange: number;
}

/** Scores the second opinion trained on `train` over the tasks of `test`. */
export function heldOutScore(train: readonly PastTask[], test: readonly PastTask[]): HeldOutScore {
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
  return { modelError: median(errors), baselineError: median(baseErrors), inRange: inRange / test.length };
}

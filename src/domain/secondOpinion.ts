/**
 * A second opinion on the human-hour estimate, from the user's own history: the past tasks most
 * like this one (measured facts and title words) and the hours the user gave them. Nearest
 * neighbours rather than a regression, because estimates are skewed and clustered by kind of work
 * (a "migrate" task is not a longer "fix typo" task), and neighbours need no training step.
 */

/** The measured facts of a task that say how big it was. */
export interface TaskShape {
  readonly aiMinutes: number | undefined;
  readonly commits: number;
  readonly files: number;
  /** Lines inserted plus deleted. */
  readonly lines: number;
  readonly tokens: number | undefined;
  readonly title: string;
}

/** A stopped task of the history: its shape and the hours the user estimated. */
export interface PastTask {
  readonly shape: TaskShape;
  readonly hours: number;
}

/** What similar past tasks took: the middle half of their estimates, their median, how many. */
export interface SecondOpinion {
  readonly low: number;
  readonly median: number;
  readonly high: number;
  readonly count: number;
}

/** Fewer comparable tasks than this say nothing worth showing. */
export const MIN_HISTORY = 5;
/** How many neighbours an opinion rests on. */
const NEIGHBOURS = 9;
/** Weight of title words against one measured figure: a shared word matters about as much. */
const TITLE_WEIGHT = 1.5;

/** The numbers compared, on a log scale: a 10-line change is as far from 100 as 100 is from 1,000. */
function numbers(shape: TaskShape): number[] {
  return [shape.aiMinutes, shape.commits, shape.files, shape.lines, shape.tokens === undefined ? undefined : shape.tokens / 1_000].map(
    (v) => Math.log1p(Math.max(0, v ?? 0)),
  );
}

const STOP_WORDS = new Set(['the', 'and', 'for', 'with', 'from', 'into', 'add', 'fix', 'update', 'make', 'use', 'new']);

/** The words of a title that carry meaning (lower case, three letters or more, no filler). */
export function titleWords(title: string): Set<string> {
  return new Set(
    title
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w.length >= 3 && !STOP_WORDS.has(w)),
  );
}

/** 1 − Jaccard similarity of two word sets; 1 when either is empty (nothing in common to judge). */
function wordDistance(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 1;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return 1 - shared / (a.size + b.size - shared);
}

/** Spread of each column, so that no figure dominates by its units; at least 1 on the log scale's tenth. */
function spreads(rows: readonly number[][]): number[] {
  return rows[0].map((_, col) => {
    const values = rows.map((r) => r[col]);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
    return Math.max(sd, 0.1);
  });
}

/** The value at fraction `q` of sorted numbers, interpolated between neighbours. */
export function quantile(sorted: readonly number[], q: number): number {
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

/** The median of some numbers (in any order). */
export function median(values: readonly number[]): number {
  return quantile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}

/**
 * What the user's history suggests for a task of this shape, or undefined with fewer than
 * MIN_HISTORY past tasks. Runs in O(history) with no allocation per pair beyond the word sets.
 */
export function secondOpinion(history: readonly PastTask[], task: TaskShape): SecondOpinion | undefined {
  const usable = history.filter((p) => Number.isFinite(p.hours) && p.hours > 0);
  if (usable.length < MIN_HISTORY) return undefined;
  const rows = usable.map((p) => numbers(p.shape));
  const scale = spreads(rows);
  const target = numbers(task);
  const targetWords = titleWords(task.title);
  const scored = usable.map((p, i) => {
    let d = 0;
    for (let c = 0; c < target.length; c++) d += ((rows[i][c] - target[c]) / scale[c]) ** 2;
    d += (TITLE_WEIGHT * wordDistance(targetWords, titleWords(p.shape.title))) ** 2;
    return { d, hours: p.hours };
  });
  scored.sort((a, b) => a.d - b.d);
  const hours = scored
    .slice(0, NEIGHBOURS)
    .map((s) => s.hours)
    .sort((a, b) => a - b);
  return { low: quantile(hours, 0.25), median: quantile(hours, 0.5), high: quantile(hours, 0.75), count: hours.length };
}

/** Rounds hours the way people estimate: quarters below 2 h, halves below 8 h, whole hours above. */
export function roundHours(hours: number): number {
  const step = hours < 2 ? 0.25 : hours < 8 ? 0.5 : 1;
  return Math.max(step, Math.round(hours / step) * step);
}

/** "similar tasks took you 4–8h (median 6h, 9 tasks)". */
export function describeOpinion(o: SecondOpinion): string {
  const [low, median, high] = [o.low, o.median, o.high].map((h) => `${roundHours(h)}`);
  const range = low === high ? `${low}h` : `${low}–${high}h`;
  return `similar tasks took you ${range} (median ${median}h, ${o.count} tasks)`;
}

/** How a user's estimates compare with the opinions shown beside them. */
export interface EstimateComparison {
  /** Median of estimate ÷ opinion median: above 1 when the user estimates more than the history suggests. */
  readonly ratio: number;
  readonly count: number;
}

/**
 * The median ratio of the user's estimate to the opinion's median over the tasks that have both;
 * undefined when none has. The median, because one task typed as 40 h instead of 4 must not move it.
 */
export function compareEstimates(
  tasks: readonly { readonly humanHours?: number; readonly opinion?: SecondOpinion }[],
): EstimateComparison | undefined {
  const ratios: number[] = [];
  for (const t of tasks) {
    if (t.opinion && t.humanHours !== undefined && t.humanHours > 0 && t.opinion.median > 0) ratios.push(t.humanHours / t.opinion.median);
  }
  if (ratios.length === 0) return undefined;
  return { ratio: median(ratios), count: ratios.length };
}

/** "median ratio ×1.3 over 42 tasks" (of the user's estimates to the second opinions). */
export function describeComparison(c: EstimateComparison): string {
  return `median ratio ×${c.ratio.toFixed(1)} over ${c.count} task${c.count === 1 ? '' : 's'}`;
}

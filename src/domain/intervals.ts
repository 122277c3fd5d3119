/** A half-open span of time [start, end) in epoch milliseconds. */
export interface Interval {
  readonly start: number;
  readonly end: number;
}

/** Merges overlapping or touching intervals; the result is sorted and disjoint. */
export function union(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const next of sorted) {
    const last = merged[merged.length - 1];
    if (last && next.start <= last.end) {
      merged[merged.length - 1] = { start: last.start, end: Math.max(last.end, next.end) };
    } else {
      merged.push(next);
    }
  }
  return merged;
}

/** Total length of the union of `intervals`: overlapping agents are counted once, never summed. */
export function coveredMs(intervals: readonly Interval[]): number {
  return union(intervals).reduce((sum, i) => sum + (i.end - i.start), 0);
}

/** The parts of `intervals` inside [from, to). */
export function clip(intervals: readonly Interval[], from: number, to: number): Interval[] {
  return intervals.map((i) => ({ start: Math.max(i.start, from), end: Math.min(i.end, to) })).filter((i) => i.end > i.start);
}

/**
 * Turns a stream of output instants into active stretches: consecutive outputs closer than the
 * idle threshold belong to one stretch (the agent was working in between); a longer silence
 * ends the stretch (the agent was waiting). O(1) per output, so thousands of chunks a minute
 * cost nothing noticeable.
 */
export class ActivityStretches {
  private readonly closed: Interval[] = [];
  private openStart: number | undefined;
  private last: number | undefined;

  constructor(private readonly idleThresholdMs: number) {}

  /** Records output at instant `t` (non-decreasing). */
  output(t: number): void {
    if (this.last !== undefined && t - this.last <= this.idleThresholdMs) {
      this.last = Math.max(this.last, t);
      return;
    }
    this.closeOpen();
    this.openStart = t;
    this.last = t;
  }

  /** The stretches so far, including the one still open. */
  intervals(): Interval[] {
    const open =
      this.openStart !== undefined && this.last !== undefined && this.last > this.openStart
        ? [{ start: this.openStart, end: this.last }]
        : [];
    return [...this.closed, ...open];
  }

  /** Active milliseconds so far. */
  activeMs(): number {
    return coveredMs(this.intervals());
  }

  private closeOpen(): void {
    if (this.openStart !== undefined && this.last !== undefined && this.last > this.openStart) {
      this.closed.push({ start: this.openStart, end: this.last });
    }
  }
}

import { union, type Interval } from './intervals';

/**
 * Supervisory time from activity signals. Each sign of the human directing the work (an edit,
 * a selection or scroll, focusing an agent terminal, running a command, the window gaining focus)
 * counts as attention for the following `idleTimeoutMs`, cut short when the window loses focus or
 * VS Code reports the user inactive. Overlapping credits are merged, never summed.
 */
export class AttentionTracker {
  private readonly spans: Interval[] = [];
  private focused = true;

  /** `idleTimeoutMs` is read at each activity, so a changed setting applies at once. */
  constructor(private readonly idleTimeoutMs: () => number) {}

  /** The user did something in this window at `t`. */
  activity(t: number): void {
    if (!this.focused) return;
    const last = this.spans[this.spans.length - 1];
    if (last && t <= last.end) {
      this.spans[this.spans.length - 1] = { start: last.start, end: Math.max(last.end, t + this.idleTimeoutMs()) };
    } else {
      this.spans.push({ start: t, end: t + this.idleTimeoutMs() });
    }
  }

  /** The window gained focus (counts as activity) or lost it / went inactive (ends the credit). */
  focus(t: number, focused: boolean): void {
    if (focused) {
      // Only gaining focus is a sign of the human; VS Code repeats the state for other reasons.
      if (!this.focused) {
        this.focused = true;
        this.activity(t);
      }
      return;
    }
    this.focused = false;
    const last = this.spans[this.spans.length - 1];
    if (last && last.end > t) {
      if (t <= last.start) this.spans.pop();
      else this.spans[this.spans.length - 1] = { start: last.start, end: t };
    }
  }

  /** Attention intervals up to `now` (the open credit is cut at `now`). */
  intervals(now: number): Interval[] {
    return union(this.spans.map((s) => ({ start: s.start, end: Math.min(s.end, now) })));
  }
}

/**
 * Long work on the extension host runs in slices: a loop checks a budget between items and, once
 * it is spent, lets the event loop run whatever waits (input, timers, I/O) before going on. The
 * budget is time, not a count, so one slice stays short on a slow machine too; 8 ms leaves room
 * for the item that overruns it within the ~16 ms a frame allows.
 */
export const SLICE_MS = 5;

/** Lets everything the event loop has waiting run before continuing (a macrotask, not a microtask). */
export function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A loop's time budget between yields to the event loop. */
export class Slicer {
  private since = performance.now();

  /** `budgetMs` 0 yields at every call of `pause` (tests use it to put a slice boundary between every item). */
  constructor(private readonly budgetMs = SLICE_MS) {}

  /** True once the budget since the last yield is spent. */
  due(): boolean {
    return performance.now() - this.since >= this.budgetMs;
  }

  /** Yields when the budget is spent; otherwise returns at once. */
  async pause(): Promise<void> {
    if (!this.due()) return;
    await yieldToLoop();
    this.since = performance.now();
  }
}

/**
 * Long work on the extension host runs in slices: a loop checks a budget between items and, once
 * it is spent, lets the event loop run whatever waits (input, timers, I/O) before going on. The
 * budget is time, not a count, so one slice stays short on a slow machine too; 5 ms leaves room
 * for the item that overruns it within the ~16 ms a frame allows.
 */
export const SLICE_MS = 5;

/** Lets everything the event loop has waiting run before continuing (a macrotask, not a microtask). */
export function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A loop's time budget between yields to the event loop (the host's sync and log scans alike). */
export class Slicer {
  private since = performance.now();

  /**
   * `budgetMs` 0 yields at every call of `pause` (tests use it to put a slice boundary between
   * every item); a `signal` makes a yield throw once the work was aborted meanwhile.
   */
  constructor(
    private readonly budgetMs = SLICE_MS,
    private readonly signal?: AbortSignal,
  ) {}

  /** True once the budget since the last yield is spent. */
  due(): boolean {
    return performance.now() - this.since >= this.budgetMs;
  }

  /** Yields when the budget is spent; otherwise returns at once. */
  async pause(): Promise<void> {
    if (this.due()) await this.yield();
  }

  /** Lets the event loop run, then starts a new slice; throws if the work was aborted meanwhile. */
  async yield(): Promise<void> {
    await yieldToLoop();
    this.signal?.throwIfAborted();
    this.since = performance.now();
  }
}

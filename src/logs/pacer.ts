import { performance } from 'node:perf_hooks';

/**
 * Keeps a long scan from blocking the event loop: callers check `due()` between small units of work
 * and await `yield()` once the current synchronous slice has run for `sliceMs`.
 */
export class Pacer {
  private sliceStart = performance.now();

  constructor(
    private readonly sliceMs: number,
    private readonly signal?: AbortSignal,
  ) {}

  /** True once the current slice has used its time budget. */
  due(): boolean {
    return performance.now() - this.sliceStart >= this.sliceMs;
  }

  /** Lets pending I/O and timers run, then starts a new slice; throws if the scan was aborted meanwhile. */
  async yield(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.signal?.throwIfAborted();
    this.sliceStart = performance.now();
  }
}

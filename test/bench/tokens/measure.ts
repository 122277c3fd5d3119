import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

/** Peaks observed while a piece of async work ran. */
export interface Measured<T> {
  readonly value: T;
  readonly ms: number;
  readonly peakRssMb: number;
  readonly peakHeapMb: number;
  /** Longest event-loop stall per monitorEventLoopDelay. */
  readonly maxLoopDelayMs: number;
  /** 99th percentile of the same. */
  readonly p99LoopDelayMs: number;
  /** Longest gap between ticks of a 1 ms interval, minus the interval: an independent view of the same thing. */
  readonly maxIntervalLagMs: number;
}

/** Runs `work` while sampling memory and event-loop responsiveness. */
export async function measure<T>(work: () => Promise<T>): Promise<Measured<T>> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  let peakRss = 0,
    peakHeap = 0,
    maxLag = 0;
  let last = performance.now();
  const sample = () => {
    const now = performance.now();
    maxLag = Math.max(maxLag, now - last - 1);
    last = now;
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  const timer = setInterval(sample, 1);
  histogram.enable();
  const t0 = performance.now();
  const value = await work();
  const ms = performance.now() - t0;
  histogram.disable();
  clearInterval(timer);
  sample();
  return {
    value,
    ms,
    peakRssMb: peakRss / 2 ** 20,
    peakHeapMb: peakHeap / 2 ** 20,
    maxLoopDelayMs: histogram.max / 1e6,
    p99LoopDelayMs: histogram.percentile(99) / 1e6,
    maxIntervalLagMs: maxLag,
  };
}

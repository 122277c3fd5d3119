import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  scanLogs,
  type FileCheckpoint,
  type FileResult,
  type ScanOptions,
  type ScanOutput,
  type ScanSource,
  type ScanStats,
} from './scanner';

/**
 * A scan as a worker thread receives it: formats by agent name, checkpoints as entries (or `held`:
 * those of the thread's own last scan, not sent again), and its share of the files.
 */
export interface ScanRequest {
  readonly id: number;
  readonly sources: readonly { readonly agent: string; readonly dirs: readonly string[] }[];
  readonly previous: readonly [string, FileCheckpoint][] | 'held';
  readonly partial: boolean;
  readonly shard: { readonly index: number; readonly count: number };
}

/**
 * What the worker posts back: parts of the results, then the rest of the output (or an error),
 * its checkpoints as changes to the previous ones (of its share of the files).
 */
export type ScanReply =
  | { readonly id: number; readonly kind: 'results'; readonly results: FileResult[] }
  | {
      readonly id: number;
      readonly kind: 'done';
      readonly changed: [string, FileCheckpoint][];
      readonly removed: string[];
      readonly vanished: string[];
      readonly stats: ScanStats;
    }
  | { readonly id: number; readonly kind: 'error'; readonly message: string };

/** How a scan is run: in this thread (scanLogs) or in worker threads (ScanThread.scan). */
export type ScanFunction = (
  sources: readonly ScanSource[],
  previous: ReadonlyMap<string, FileCheckpoint>,
  options: ScanOptions,
) => Promise<ScanOutput>;

/** A scan waiting for its shares' replies, merged as they come. */
interface Pending {
  /** Shares not done yet. */
  waiting: number;
  /** Whether the whole scan ran in the first thread, which then holds its checkpoints. */
  readonly whole: boolean;
  readonly results: FileResult[];
  readonly checkpoints: Map<string, FileCheckpoint>;
  readonly vanished: string[];
  stats: ScanStats | undefined;
  resolve(output: ScanOutput): void;
  reject(err: Error): void;
}

/** Two shares' stats as one scan's: counts add up, the duration is the longer one (they ran at once). */
function addStats(a: ScanStats | undefined, b: ScanStats): ScanStats {
  if (a === undefined) return b;
  const sum = { ...a };
  for (const key of Object.keys(b) as (keyof ScanStats)[]) sum[key] = key === 'durationMs' ? Math.max(a[key], b[key]) : a[key] + b[key];
  return sum;
}

/**
 * Threads for a first scan: two where the machine has four cores or more, else one. On two cores
 * a second scan thread measured no faster under load and let the host's event loop stall for up
 * to 35 ms (one thread: under 12 ms), since the host shares those cores with it.
 */
function defaultThreads(): number {
  return os.availableParallelism() >= 4 ? 2 : 1;
}

/**
 * Runs log scans in worker threads, so reading and parsing hundreds of megabytes never takes the
 * extension host's thread (a 64 MB line parses in one piece, which no slicing can split). A first
 * scan, with no checkpoints yet, is split by file over the threads if there are two (see
 * defaultThreads and ScanOptions.shard); later
 * scans and live looks take one. Falls back to this thread when the worker's file is missing or a worker dies.
 */
export class ScanThread {
  private workers: Worker[] | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private broken = false;
  /**
   * The checkpoints the first thread holds, as handed to the caller: passed back unchanged as the
   * next scan's `previous`, they are not sent again (10,000 files are ~3 MB to copy each way, tens
   * of milliseconds of the host's thread). Callers treat returned checkpoints as read-only.
   */
  private held: ReadonlyMap<string, FileCheckpoint> | undefined;

  /** `file` is the compiled scanWorker.js, next to this module in the bundle and in compiled tests. */
  constructor(
    private readonly file = path.join(__dirname, 'scanWorker.js'),
    private readonly threads = defaultThreads(),
  ) {}

  /** Scans like scanLogs (abort signals are not carried over). */
  readonly scan: ScanFunction = (sources, previous, options) => {
    const workers = this.start();
    if (workers === undefined) return scanLogs(sources, previous, options);
    const id = this.nextId++;
    // Only a first scan reads enough to gain from a second thread; later ones read what changed, and a
    // second thread would only double the listing and the messages.
    const count = options.partial === true || previous.size > 0 ? 1 : workers.length;
    // Held checkpoints serve only a scan that runs alone in the thread holding them.
    const sendHeld = count === 1 && previous === this.held && this.pending.size === 0;
    const entries = sendHeld ? 'held' : [...previous];
    this.held = undefined;
    const named = sources.map((s) => ({ agent: s.format.agent, dirs: s.dirs }));
    return new Promise<ScanOutput>((resolve, reject) => {
      const checkpoints = new Map(previous);
      this.pending.set(id, {
        waiting: count,
        whole: count === 1,
        results: [],
        checkpoints,
        vanished: [],
        stats: undefined,
        resolve,
        reject,
      });
      for (let index = 0; index < count; index++) {
        // Referenced only while a scan waits, so an idle worker never keeps the process alive.
        workers[index].ref();
        const request: ScanRequest = { id, sources: named, previous: entries, partial: options.partial === true, shard: { index, count } };
        workers[index].postMessage(request);
      }
    });
  };

  /** True while scans run in worker threads (false before the first scan and after a fallback). */
  get inWorker(): boolean {
    return this.workers !== undefined;
  }

  /** Stops the workers; scans still waiting fail. */
  dispose(): void {
    for (const worker of this.workers ?? []) void worker.terminate();
    this.workers = undefined;
    this.fail(new Error('The log scanner was stopped.'));
  }

  private start(): Worker[] | undefined {
    if (this.workers !== undefined || this.broken) return this.workers;
    if (!fs.existsSync(this.file)) {
      this.broken = true;
      return undefined;
    }
    const workers: Worker[] = [];
    try {
      for (let i = 0; i < this.threads; i++) workers.push(new Worker(this.file));
    } catch {
      // A host that cannot start threads still scans, in this thread.
      for (const worker of workers) void worker.terminate();
      this.broken = true;
      return undefined;
    }
    for (const worker of workers) {
      worker.unref();
      worker.on('message', (reply: ScanReply) => this.receive(reply));
      worker.on('error', (err) => this.lost(err));
      worker.on('exit', () => this.lost(new Error('The log scanner thread exited.')));
    }
    this.workers = workers;
    return workers;
  }

  private receive(reply: ScanReply): void {
    const pending = this.pending.get(reply.id);
    if (pending === undefined) return;
    if (reply.kind === 'results') {
      pending.results.push(...reply.results);
      return;
    }
    if (reply.kind === 'error') {
      this.settle(reply.id);
      pending.reject(new Error(reply.message));
      return;
    }
    for (const file of reply.removed) pending.checkpoints.delete(file);
    for (const [file, checkpoint] of reply.changed) pending.checkpoints.set(file, checkpoint);
    pending.vanished.push(...reply.vanished);
    pending.stats = addStats(pending.stats, reply.stats);
    if (--pending.waiting > 0) return;
    this.settle(reply.id);
    if (pending.whole) this.held = pending.checkpoints;
    const byPath = (a: FileResult, b: FileResult): number => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
    pending.resolve({
      checkpoints: pending.checkpoints,
      results: pending.results.sort(byPath),
      vanished: pending.vanished.sort(),
      stats: pending.stats,
    });
  }

  /** A scan is over: unreferences the workers once none waits. */
  private settle(id: number): void {
    this.pending.delete(id);
    if (this.pending.size === 0) for (const worker of this.workers ?? []) worker.unref();
  }

  /** A worker died: later scans run in this thread, and those waiting fail (the next scan retries them). */
  private lost(err: Error): void {
    const workers = this.workers;
    if (workers === undefined) return;
    this.workers = undefined;
    this.broken = true;
    for (const worker of workers) void worker.terminate();
    this.fail(err);
  }

  private fail(err: Error): void {
    for (const pending of this.pending.values()) pending.reject(err);
    this.pending.clear();
  }
}

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  byPath,
  scanLogs,
  type FileCheckpoint,
  type FileResult,
  type ScanOptions,
  type ScanOutput,
  type ScanSource,
  type ScanStats,
} from './scanner';
import { decodeResults, type WireResults } from './scanWire';

/**
 * A scan as a worker thread receives it: formats by agent name, checkpoints as entries (or `held`:
 * those of the thread's own last scan, not sent again), and for a first scan split between
 * threads, the counter they take files by (ScanOptions.claim).
 */
export interface ScanRequest {
  readonly id: number;
  readonly sources: readonly { readonly agent: string; readonly dirs: readonly string[] }[];
  readonly previous: readonly [string, FileCheckpoint][] | 'held';
  readonly partial: boolean;
  readonly claim?: SharedArrayBuffer;
}

/**
 * What the worker posts back: parts of the results as files are read, then the rest of the output
 * (or an error), its checkpoints as changes to the previous ones.
 */
export type ScanReply =
  | { readonly id: number; readonly kind: 'results'; readonly wire: WireResults }
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

/** What one thread of a scan handed back: its results, then (once done) the rest. */
export interface ThreadOutput {
  readonly results: FileResult[];
  done?: {
    readonly changed: readonly [string, FileCheckpoint][];
    readonly removed: readonly string[];
    readonly vanished: readonly string[];
    readonly stats: ScanStats;
  };
}

/** A scan waiting for its threads' replies. */
interface Pending {
  readonly previous: ReadonlyMap<string, FileCheckpoint>;
  readonly threads: ThreadOutput[];
  resolve(output: ScanOutput): void;
  reject(err: Error): void;
}

/** Two threads' stats as one scan's: counts add up, the duration is the longer one (they ran at once). */
function addStats(a: ScanStats | undefined, b: ScanStats): ScanStats {
  if (a === undefined) return b;
  const sum = { ...a };
  for (const key of Object.keys(b) as (keyof ScanStats)[]) sum[key] = key === 'durationMs' ? Math.max(a[key], b[key]) : a[key] + b[key];
  return sum;
}

/**
 * One scan's output from its threads' (all done). A file two threads both took (listed differently
 * by each, as it changed in between) keeps the first thread's result and checkpoint, which match.
 */
export function mergeThreads(previous: ReadonlyMap<string, FileCheckpoint>, threads: readonly ThreadOutput[]): ScanOutput {
  const checkpoints = new Map(previous);
  const taken = new Set<string>();
  const results: FileResult[] = [];
  const vanished: string[] = [];
  let stats: ScanStats | undefined;
  for (const { results: theirs, done } of threads) {
    if (done === undefined) throw new Error('A scan thread is not done.');
    for (const file of done.removed) checkpoints.delete(file);
    const mine = done.changed.filter(([file]) => !taken.has(file));
    for (const result of theirs) if (!taken.has(result.path)) results.push(result);
    for (const [file, checkpoint] of mine) {
      checkpoints.set(file, checkpoint);
      taken.add(file);
    }
    vanished.push(...done.vanished);
    stats = addStats(stats, done.stats);
  }
  if (stats === undefined) throw new Error('A scan ran in no thread.');
  return { checkpoints, results: results.sort(byPath), vanished: vanished.sort(), stats };
}

/** Threads for a first scan: two where the machine has two cores or more (a third measured no faster), else one. */
function defaultThreads(): number {
  return os.availableParallelism() >= 2 ? 2 : 1;
}

/**
 * Runs log scans in worker threads, so reading and parsing hundreds of megabytes never takes the
 * extension host's thread (a 64 MB line parses in one piece, which no slicing can split). A first
 * scan, with no checkpoints yet, is split by file over the threads if there are two (see
 * defaultThreads and ScanOptions.claim); later
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
    const request: ScanRequest = {
      id,
      sources: sources.map((s) => ({ agent: s.format.agent, dirs: s.dirs })),
      previous: entries,
      partial: options.partial === true,
      claim: count > 1 ? new SharedArrayBuffer(4) : undefined,
    };
    return new Promise<ScanOutput>((resolve, reject) => {
      this.pending.set(id, { previous, threads: Array.from({ length: count }, () => ({ results: [] })), resolve, reject });
      for (const worker of workers.slice(0, count)) {
        // Referenced only while a scan waits, so an idle worker never keeps the process alive.
        worker.ref();
        worker.postMessage(request);
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
    for (const [index, worker] of workers.entries()) {
      worker.unref();
      worker.on('message', (reply: ScanReply) => this.receive(reply, index));
      worker.on('error', (err) => this.lost(err));
      worker.on('exit', () => this.lost(new Error('The log scanner thread exited.')));
    }
    this.workers = workers;
    return workers;
  }

  private receive(reply: ScanReply, thread: number): void {
    const pending = this.pending.get(reply.id);
    if (pending === undefined) return;
    if (reply.kind === 'results') {
      for (const result of decodeResults(reply.wire)) pending.threads[thread].results.push(result);
      return;
    }
    if (reply.kind === 'error') {
      this.settle(reply.id);
      pending.reject(new Error(reply.message));
      return;
    }
    pending.threads[thread].done = reply;
    if (pending.threads.some((t) => t.done === undefined)) return;
    this.settle(reply.id);
    const output = mergeThreads(pending.previous, pending.threads);
    // A scan that ran whole in the first thread leaves its checkpoints held there.
    if (pending.threads.length === 1) this.held = output.checkpoints;
    pending.resolve(output);
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

import * as fs from 'node:fs';
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

/** A scan as the worker thread receives it: formats by agent name, checkpoints as entries. */
export interface ScanRequest {
  readonly id: number;
  readonly sources: readonly { readonly agent: string; readonly dirs: readonly string[] }[];
  readonly previous: readonly [string, FileCheckpoint][];
  readonly partial: boolean;
}

/** What the worker posts back: parts of the results, then the rest of the output (or an error). */
export type ScanReply =
  | { readonly id: number; readonly kind: 'results'; readonly results: FileResult[] }
  | {
      readonly id: number;
      readonly kind: 'done';
      readonly checkpoints: [string, FileCheckpoint][];
      readonly vanished: string[];
      readonly stats: ScanStats;
    }
  | { readonly id: number; readonly kind: 'error'; readonly message: string };

/** How a scan is run: in this thread (scanLogs) or in a worker thread (ScanThread.scan). */
export type ScanFunction = (
  sources: readonly ScanSource[],
  previous: ReadonlyMap<string, FileCheckpoint>,
  options: ScanOptions,
) => Promise<ScanOutput>;

/** A scan waiting for the worker's replies. */
interface Pending {
  readonly results: FileResult[];
  resolve(output: ScanOutput): void;
  reject(err: Error): void;
}

/**
 * Runs log scans in one worker thread, so reading and parsing hundreds of megabytes never takes
 * the extension host's thread (a 64 MB line parses in one piece, which no slicing can split).
 * Falls back to this thread when the worker's file is missing or the worker dies.
 */
export class ScanThread {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private broken = false;

  /** `file` is the compiled scanWorker.js, next to this module in the bundle and in compiled tests. */
  constructor(private readonly file = path.join(__dirname, 'scanWorker.js')) {}

  /** Scans like scanLogs (abort signals are not carried over). */
  readonly scan: ScanFunction = (sources, previous, options) => {
    const worker = this.start();
    if (worker === undefined) return scanLogs(sources, previous, options);
    // Referenced only while a scan waits, so an idle worker never keeps the process alive.
    worker.ref();
    const id = this.nextId++;
    const request: ScanRequest = {
      id,
      sources: sources.map((s) => ({ agent: s.format.agent, dirs: s.dirs })),
      previous: [...previous],
      partial: options.partial === true,
    };
    return new Promise<ScanOutput>((resolve, reject) => {
      this.pending.set(id, { results: [], resolve, reject });
      worker.postMessage(request);
    });
  };

  /** True while scans run in the worker thread (false before the first scan and after a fallback). */
  get inWorker(): boolean {
    return this.worker !== undefined;
  }

  /** Stops the worker; scans still waiting fail. */
  dispose(): void {
    void this.worker?.terminate();
    this.fail(new Error('The log scanner was stopped.'));
  }

  private start(): Worker | undefined {
    if (this.worker !== undefined || this.broken) return this.worker;
    if (!fs.existsSync(this.file)) {
      this.broken = true;
      return undefined;
    }
    let worker: Worker;
    try {
      worker = new Worker(this.file);
    } catch {
      // A host that cannot start threads still scans, in this thread.
      this.broken = true;
      return undefined;
    }
    worker.unref();
    worker.on('message', (reply: ScanReply) => this.receive(reply));
    worker.on('error', (err) => this.lost(err));
    worker.on('exit', () => this.lost(new Error('The log scanner thread exited.')));
    this.worker = worker;
    return worker;
  }

  private receive(reply: ScanReply): void {
    const pending = this.pending.get(reply.id);
    if (pending === undefined) return;
    if (reply.kind === 'results') {
      pending.results.push(...reply.results);
      return;
    }
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker?.unref();
    if (reply.kind === 'error') pending.reject(new Error(reply.message));
    else
      pending.resolve({ checkpoints: new Map(reply.checkpoints), results: pending.results, vanished: reply.vanished, stats: reply.stats });
  }

  /** The worker died: later scans run in this thread, and those waiting fail (the next scan retries them). */
  private lost(err: Error): void {
    if (this.worker === undefined) return;
    this.worker = undefined;
    this.broken = true;
    this.fail(err);
  }

  private fail(err: Error): void {
    for (const pending of this.pending.values()) pending.reject(err);
    this.pending.clear();
  }
}

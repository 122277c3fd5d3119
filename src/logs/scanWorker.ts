import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parentPort } from 'node:worker_threads';
import { FORMATS } from './formats';
import { DirListingCache } from './listFiles';
import { scanLogs, shardOf, type FileCheckpoint, type FileResult, type ScanSource } from './scanner';
import type { ScanReply, ScanRequest } from './scanThread';

/** Kept for the worker's life, so unchanged folders are not listed again. */
const dirCache = new DirListingCache();
/** The checkpoints after this thread's last whole (unsplit) scan: the host sends `held` instead of them again. */
let held: Map<string, FileCheckpoint> | undefined;
/** The nice value of a scan thread: below the host's, without starving the scan on a busy machine. */
const BACKGROUND_NICE = 5;
/** Results go back about a thousand events at a time, so the host deserialises each part in a short task. */
const PART_EVENTS = 1_000;

/** Splits file results into parts of about PART_EVENTS events (turns count as events). */
function parts(results: readonly FileResult[]): FileResult[][] {
  const out: FileResult[][] = [];
  let part: FileResult[] = [];
  let size = 0;
  for (const r of results) {
    part.push(r);
    size += r.events.length + r.turns.length + 1;
    if (size >= PART_EVENTS) {
      out.push(part);
      part = [];
      size = 0;
    }
  }
  if (part.length > 0) out.push(part);
  return out;
}

/** Runs one scan request and posts its output back in parts; a failure is posted as an error. */
async function handle(request: ScanRequest): Promise<void> {
  const port = parentPort;
  if (port === null) return;
  try {
    const sources: ScanSource[] = request.sources.flatMap((s) => {
      const format = FORMATS.get(s.agent);
      return format === undefined ? [] : [{ format, dirs: s.dirs }];
    });
    const previous = request.previous === 'held' ? held : new Map<string, FileCheckpoint>(request.previous);
    if (previous === undefined) throw new Error('The scan thread holds no checkpoints.');
    held = undefined;
    // No event loop to keep free here but this thread's own: long slices, few yields.
    const out = await scanLogs(sources, previous, {
      dirCache,
      partial: request.partial,
      shard: request.shard,
      sliceMs: 200,
      blockingIo: true,
    });
    for (const results of parts(out.results)) port.postMessage({ id: request.id, kind: 'results', results } satisfies ScanReply);
    // Only what changed goes back: the scanner keeps the very checkpoint object of an untouched file.
    const mine = (file: string): boolean => shardOf(file, request.shard.count) === request.shard.index;
    port.postMessage({
      id: request.id,
      kind: 'done',
      changed: [...out.checkpoints].filter(([file, cp]) => previous.get(file) !== cp),
      removed: [...previous.keys()].filter((file) => mine(file) && !out.checkpoints.has(file)),
      vanished: out.vanished,
      stats: out.stats,
    } satisfies ScanReply);
    if (request.shard.count === 1) held = out.checkpoints;
  } catch (err) {
    port.postMessage({ id: request.id, kind: 'error', message: String(err) } satisfies ScanReply);
  }
}

/**
 * Lowers this thread's scheduling priority where the OS allows it per thread (Linux: a thread is a
 * task with its own nice value): on a machine with few cores a scan then never takes CPU time the
 * extension host's thread wants; it runs in whatever time is left.
 */
function yieldPriority(): void {
  try {
    const tid = Number(path.basename(fs.readlinkSync('/proc/thread-self')));
    if (Number.isInteger(tid) && tid > 0) os.setPriority(tid, BACKGROUND_NICE);
  } catch {
    // Not Linux, or not allowed: the scan runs at the host's priority.
  }
}

yieldPriority();
parentPort?.on('message', (request: ScanRequest) => void handle(request));

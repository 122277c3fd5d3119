import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parentPort } from 'node:worker_threads';
import { FORMATS } from './formats';
import { DirListingCache } from './listFiles';
import { scanLogs, type FileCheckpoint, type FileResult, type ScanSource } from './scanner';
import type { ScanReply, ScanRequest } from './scanThread';
import { encodeResults } from './scanWire';

/** Kept for the worker's life, so unchanged folders are not listed again. */
const dirCache = new DirListingCache();
/** The checkpoints after this thread's last whole (unsplit) scan: the host sends `held` instead of them again. */
let held: Map<string, FileCheckpoint> | undefined;
/** The nice value of a scan thread: below the host's, without starving the scan on a busy machine. */
const BACKGROUND_NICE = 5;
/** Results go back about a thousand events (turns count as events) at a time, so the host deserialises each part in a short task. */
const PART_EVENTS = 1_000;

/** Runs one scan request, posting its results in parts as files are read, then the rest of its output; a failure is posted as an error. */
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
    // Posted while the scan goes on, so the host takes them in while this thread reads on.
    let part: FileResult[] = [];
    let size = 0;
    const flush = (): void => {
      if (part.length === 0) return;
      const wire = encodeResults(part);
      // Copied, not transferred (see WireResults).
      port.postMessage({ id: request.id, kind: 'results', wire } satisfies ScanReply);
      part = [];
      size = 0;
    };
    const counter = request.claim === undefined ? undefined : new Int32Array(request.claim);
    // No event loop to keep free here but this thread's own: long slices, few yields.
    const out = await scanLogs(sources, previous, {
      dirCache,
      partial: request.partial,
      claim: counter === undefined ? undefined : () => Atomics.add(counter, 0, 1),
      onResult: (result) => {
        part.push(result);
        size += result.events.length + result.turns.length + 1;
        if (size >= PART_EVENTS) flush();
      },
      sliceMs: 200,
      blockingIo: true,
    });
    flush();
    // Only what changed goes back: the scanner keeps the very checkpoint object of an untouched file.
    port.postMessage({
      id: request.id,
      kind: 'done',
      changed: [...out.checkpoints].filter(([file, cp]) => previous.get(file) !== cp),
      removed: [...previous.keys()].filter((file) => !out.checkpoints.has(file)),
      vanished: out.vanished,
      stats: out.stats,
    } satisfies ScanReply);
    if (counter === undefined) held = out.checkpoints;
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

import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { AgentTurn } from '../domain/turns';
import { prefilterOf, readMatchingLines } from './lineReader';
import { openFile, type OpenFile } from './logFile';
import { listJsonlFiles, type DirListingCache } from './listFiles';
import { Slicer } from '../app/slices';
import type { LogFormat } from './reader';
import { tokenTotal, type UsageRecord } from '../domain/tokens';
import { skimRecord } from './skim';
import { mergeUsage } from './usage';

/** One format and the folders holding its logs (see roots.ts). */
export interface ScanSource {
  readonly format: LogFormat<unknown>;
  readonly dirs: readonly string[];
}

/** How far a file was read; plain JSON so the extension can persist it between sessions. */
export interface FileCheckpoint {
  readonly path: string;
  readonly agent: string;
  /** Identity of the file: a different dev/ino at the same path means it was replaced. */
  readonly dev: number;
  readonly ino: number;
  readonly size: number;
  readonly mtimeMs: number;
  /** Byte offset just past the last complete line parsed. */
  readonly offset: number;
  /** The format's parse state at `offset`. */
  readonly state: unknown;
}

/** New events of one file. */
export interface FileResult {
  readonly path: string;
  readonly agent: string;
  /**
   * True when the file was read from the start (new, truncated, replaced or rewritten): these events
   * replace any earlier ones from this path. False: they add to them (upsert by key, keeping the larger copy).
   */
  readonly reset: boolean;
  /** Deduplicated within this read (mergeUsage). */
  readonly events: readonly UsageRecord[];
  /** Turns that ended in this read, then the one still open at its end (counted up to its latest record). */
  readonly turns: readonly AgentTurn[];
}

/** What one scan did. */
export interface ScanStats {
  /** Log files found. */
  files: number;
  /** Files opened because they were new or changed. */
  filesRead: number;
  bytesRead: number;
  lines: number;
  /** Lines skipped unparsed by the pre-filter. */
  prefiltered: number;
  /** Lines that were broken JSON, lacked required fields, or exceeded the length cap. */
  malformed: number;
  /** Parsed lines that held no usage. */
  ignored: number;
  events: number;
  /** Turns read (ended ones plus those still open). */
  turns: number;
  /** Files that could not be read for a reason other than vanishing (kept at their previous checkpoint). */
  errors: number;
  durationMs: number;
}

/** The outcome of a scan. */
export interface ScanOutput {
  /** Checkpoints of every file found, plus untouched ones of agents not scanned; pass it to the next scan. */
  readonly checkpoints: Map<string, FileCheckpoint>;
  /** Files with new events or a reset, sorted by path. */
  readonly results: FileResult[];
  /**
   * Previously seen files that are gone. Their events should usually be kept: Claude Code deletes
   * transcripts older than its cleanup period, and the usage still happened.
   */
  readonly vanished: string[];
  readonly stats: ScanStats;
}

/** Orders file results by path (code unit order, the same in every thread and on every platform). */
export function byPath(a: FileResult, b: FileResult): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

/** Tuning knobs; the defaults suit the extension host. */
export interface ScanOptions {
  readonly signal?: AbortSignal;
  /** Read size in bytes (default 1 MiB). */
  readonly chunkSize?: number;
  /** Files read at once, so one file's I/O overlaps another's parsing (default 4). */
  readonly concurrency?: number;
  /** Synchronous work allowed between event-loop yields, ms (default 10). */
  readonly sliceMs?: number;
  /**
   * Blocking file calls, several times cheaper than a threadpool round trip each: for a worker
   * thread, whose event loop nobody else waits on (default false).
   */
  readonly blockingIo?: boolean;
  /** Longer lines are dropped and counted as malformed (default 64 MiB). */
  readonly maxLineBytes?: number;
  /** Pass the same cache to every scan to skip re-listing unchanged folders. */
  readonly dirCache?: DirListingCache;
  /**
   * The sources name only some of the agents' folders (a live look at the workspace's own): files
   * not found keep their checkpoints and nothing counts as vanished.
   */
  readonly partial?: boolean;
  /**
   * Splits a first scan (no checkpoints) between scans running at once in several threads: each
   * lists every file and reads only the ones it takes by calling `claim`, which hands out 0, 1,
   * 2, … across all the scans (a shared atomic counter), so a thread that drew small files takes
   * more of them. A file listed by one scan but not another may be read twice or not at all; a file
   * not read has no checkpoint, so the next scan reads it.
   */
  readonly claim?: () => number;
  /** Called with each file's result as soon as it is read; results so handed over are left out of the output. */
  readonly onResult?: (result: FileResult) => void;
}

/** Everything one file scan needs besides the file itself. */
interface ScanContext {
  readonly stats: ScanStats;
  readonly slicer: Slicer;
  readonly signal?: AbortSignal;
  readonly maxLineBytes: number;
  readonly blockingIo: boolean;
}

/** A file that needs reading. */
interface Job {
  readonly file: string;
  readonly format: LogFormat<unknown>;
  readonly prev: FileCheckpoint | undefined;
}

/**
 * Incrementally scans agent logs: unchanged files cost one stat, grown files are read from their
 * checkpoint, and shrunk, replaced or rewritten files are re-read from the start. Never throws for
 * missing folders or files vanishing mid-scan; rejects only when `signal` aborts.
 */
export async function scanLogs(
  sources: readonly ScanSource[],
  previous: ReadonlyMap<string, FileCheckpoint>,
  options: ScanOptions = {},
): Promise<ScanOutput> {
  const t0 = performance.now();
  options.signal?.throwIfAborted();
  if (options.claim !== undefined && previous.size > 0) throw new Error('Only a first scan is split between threads.');
  const stats: ScanStats = {
    files: 0,
    filesRead: 0,
    bytesRead: 0,
    lines: 0,
    prefiltered: 0,
    malformed: 0,
    ignored: 0,
    events: 0,
    turns: 0,
    errors: 0,
    durationMs: 0,
  };
  const ctx: ScanContext = {
    stats,
    signal: options.signal,
    slicer: new Slicer(options.sliceMs ?? 10, options.signal),
    maxLineBytes: options.maxLineBytes ?? 64 << 20,
    blockingIo: options.blockingIo === true,
  };
  const scannedAgents = new Set(sources.map((s) => s.format.agent));
  const checkpoints = new Map<string, FileCheckpoint>();
  for (const [file, cp] of previous) if (options.partial === true || !scannedAgents.has(cp.agent)) checkpoints.set(file, cp);

  const found = await findFiles(sources, previous, ctx.slicer, options.dirCache);
  const jobs = await planReads(found, previous, checkpoints, ctx.slicer);
  const results = await readChanged(jobs, checkpoints, ctx, options);
  // A claimed scan found only the files it took.
  stats.files = options.claim === undefined ? found.size : checkpoints.size;
  const vanished =
    options.partial === true
      ? []
      : [...previous].filter(([file, cp]) => scannedAgents.has(cp.agent) && !checkpoints.has(file)).map(([file]) => file);
  stats.durationMs = performance.now() - t0;
  return { checkpoints, results, vanished, stats };
}

/** Identity of a file across a move: same device, inode and name. */
const identity = (dev: number, ino: number, file: string): string => `${dev}:${ino}:${path.basename(file)}`;

/**
 * Keeps the checkpoints of untouched files and lists those that need reading. A file moved to
 * another folder (Codex archiving a rollout) keeps its checkpoint, so it is not read again.
 */
async function planReads(
  found: ReadonlyMap<string, LogFormat<unknown>>,
  previous: ReadonlyMap<string, FileCheckpoint>,
  checkpoints: Map<string, FileCheckpoint>,
  slicer: Slicer,
): Promise<Job[]> {
  const jobs: Job[] = [];
  let moved: Map<string, FileCheckpoint> | undefined;
  const movedFrom = (st: fs.Stats, file: string): FileCheckpoint | undefined => {
    moved ??= new Map([...previous.values()].filter((cp) => !found.has(cp.path)).map((cp) => [identity(cp.dev, cp.ino, cp.path), cp]));
    const cp = moved.get(identity(st.dev, st.ino, file));
    return cp === undefined || st.size < cp.size ? undefined : { ...cp, path: file };
  };
  for (const [file, format] of found) {
    // A first scan reads every file, without a stat first: opening a file stats it.
    if (previous.size === 0) jobs.push({ file, format, prev: undefined });
    else {
      const st = statFile(file);
      const prev = previous.get(file) ?? (st === undefined ? undefined : movedFrom(st, file));
      if (st !== undefined && prev !== undefined && isUntouched(prev, format, st)) checkpoints.set(file, prev);
      else if (st !== undefined) jobs.push({ file, format, prev });
    }
    await slicer.pause();
  }
  return jobs;
}

/**
 * Reads the changed files a few at a time, so one file's I/O overlaps another's parsing; each
 * worker reuses its own pair of chunk buffers. A file that cannot be read keeps its old checkpoint.
 */
async function readChanged(
  jobs: readonly Job[],
  checkpoints: Map<string, FileCheckpoint>,
  ctx: ScanContext,
  options: ScanOptions,
): Promise<FileResult[]> {
  const results: FileResult[] = [];
  const chunkSize = options.chunkSize ?? 1 << 20;
  let next = 0;
  const take = options.claim ?? (() => next++);
  const worker = async (): Promise<void> => {
    const buffers: [Buffer, Buffer] = [Buffer.allocUnsafe(chunkSize), Buffer.allocUnsafe(chunkSize)];
    for (let job = jobs.at(take()); job !== undefined; job = jobs.at(take())) {
      const scanned = await scanFile(job, buffers, ctx);
      if (scanned === undefined) {
        if (job.prev !== undefined) checkpoints.set(job.file, job.prev);
        continue;
      }
      checkpoints.set(job.file, scanned.checkpoint);
      const { result } = scanned;
      if (!result.reset && result.events.length === 0 && result.turns.length === 0) continue;
      if (options.onResult === undefined) results.push(result);
      else options.onResult(result);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 4, jobs.length) }, worker));
  return results.sort(byPath);
}

/**
 * Log files per format; a file reachable from two sources belongs to the first. Of the files one
 * `sameFileByName` format names alike, one is read (the one read before, if any): the rest are copies.
 */
async function findFiles(
  sources: readonly ScanSource[],
  previous: ReadonlyMap<string, FileCheckpoint>,
  slicer: Slicer,
  cache: DirListingCache | undefined,
): Promise<Map<string, LogFormat<unknown>>> {
  const found = new Map<string, LogFormat<unknown>>();
  const byName = new Map<string, string>();
  for (const source of sources) {
    for (const file of await listJsonlFiles(source.dirs, slicer, cache)) {
      if (found.has(file)) continue;
      if (source.format.sameFileByName === true) {
        const name = `${source.format.agent}:${path.basename(file)}`;
        const kept = byName.get(name);
        if (kept !== undefined && (previous.has(kept) || !previous.has(file))) continue;
        if (kept !== undefined) found.delete(kept);
        byName.set(name, file);
      }
      found.set(file, source.format);
    }
  }
  return found;
}

/**
 * Stats a regular file, or undefined if it vanished or is something else. Synchronous on purpose:
 * a rescan stats every file, and a threadpool round trip each would cost ten times as much.
 */
function statFile(file: string): fs.Stats | undefined {
  try {
    const st = fs.statSync(file, { throwIfNoEntry: false });
    return st?.isFile() === true ? st : undefined;
  } catch {
    return undefined;
  }
}

/** Same file, same size, same mtime: nothing to read. */
function isUntouched(prev: FileCheckpoint, format: LogFormat<unknown>, st: fs.Stats): boolean {
  return prev.agent === format.agent && prev.dev === st.dev && prev.ino === st.ino && prev.size === st.size && prev.mtimeMs === st.mtimeMs;
}

/**
 * Reads a changed file from its checkpoint, or from 0 when it is new, shrank, was replaced, changed
 * without growing (rewritten in place), or its saved state is unusable. Undefined when it vanished or failed.
 * Lines are skimmed for the fields the format reads (skimRecord), never decoded whole.
 */
async function scanFile(
  { file, format, prev }: Job,
  buffers: readonly [Buffer, Buffer],
  ctx: ScanContext,
): Promise<{ checkpoint: FileCheckpoint; result: FileResult } | undefined> {
  let opened: OpenFile | undefined;
  try {
    opened = await openFile(file, ctx.blockingIo);
  } catch {
    ctx.stats.errors++;
    return undefined;
  }
  if (opened === undefined) return undefined;
  try {
    // Stat the open file: the path may have been replaced since it was listed, or be no regular file.
    const st = opened.st;
    if (!st.isFile()) return undefined;
    const appendable =
      prev !== undefined && prev.agent === format.agent && prev.dev === st.dev && prev.ino === st.ino && st.size > prev.size;
    const revived = appendable ? format.reviveState(prev.state) : undefined;
    const reset = revived === undefined;
    const state = revived ?? format.initialState(file);
    const from = reset ? 0 : (prev?.offset ?? 0);
    const events: UsageRecord[] = [];
    const turns: AgentTurn[] = [];
    const turnEnded = (turn: AgentTurn): void => void turns.push(turn);
    const onLine = (bytes: Buffer, start: number, end: number): void => {
      const outcome = format.parseRecord(skimRecord(bytes, start, end, format.fields), state, turnEnded);
      if (outcome === 'malformed') ctx.stats.malformed++;
      else if (outcome === 'ignored') ctx.stats.ignored++;
      else if (events.at(-1)?.key === outcome.key) {
        // A response's streamed copies come line after line: merged here as mergeUsage would, they never fill its map.
        if (tokenTotal(outcome) > tokenTotal(events[events.length - 1])) events[events.length - 1] = outcome;
      } else events.push(outcome);
    };
    const offset = await readMatchingLines(
      opened.read,
      { from, to: st.size, ...prefilterOf(format), buffers, maxLineBytes: ctx.maxLineBytes },
      onLine,
      ctx.stats,
      ctx.slicer,
    );
    ctx.stats.filesRead++;
    const merged = mergeUsage(events);
    ctx.stats.events += merged.length;
    const open = format.openTurn(state);
    if (open !== undefined) turns.push(open);
    ctx.stats.turns += turns.length;
    return {
      checkpoint: { path: file, agent: format.agent, dev: st.dev, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, offset, state },
      result: { path: file, agent: format.agent, reset, events: merged, turns },
    };
  } catch (err) {
    if (ctx.signal?.aborted === true) throw err;
    ctx.stats.errors++;
    return undefined;
  } finally {
    try {
      await opened.close();
    } catch {
      // Closing a file only read cannot lose anything.
    }
  }
}

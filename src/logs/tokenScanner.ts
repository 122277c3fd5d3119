import type { UsageRepository } from '../app/ports';
import { Slicer, yieldToLoop } from '../app/slices';
import type { TokenService } from '../app/tokenService';
import type { AgentTurn } from '../domain/turns';
import { DirListingCache } from './listFiles';
import { scanLogs, type FileCheckpoint, type FileResult, type ScanSource, type ScanStats } from './scanner';
import type { ScanFunction } from './scanThread';
import { defaultSources, liveSources, workspaceCodexFolders, type RootOverrides } from './sources';
import type { UsageRecord } from '../domain/tokens';

/**
 * Responses stored per transaction: about 10 µs each, so a batch holds the extension host for
 * ~5 ms, and a first scan of a million responses is 2,000 transactions with yields in between.
 */
export const USAGE_BATCH = 500;

/** Runs `each` over `items` in time slices (slices.ts), so no batch of work blocks the host. */
async function inSlices<T>(items: Iterable<T>, each: (item: T) => void): Promise<void> {
  const slicer = new Slicer(10);
  for (const item of items) {
    each(item);
    await slicer.pause();
  }
}

/** Hands the events of every file to the store in batches of USAGE_BATCH, yielding between batches. */
async function storeInBatches(store: UsageRepository, files: readonly FileResult[]): Promise<void> {
  let batch: UsageRecord[] = [];
  for (const result of files) {
    for (const event of result.events) {
      batch.push(event);
      if (batch.length === USAGE_BATCH) {
        store.putUsage(batch);
        batch = [];
        await yieldToLoop();
      }
    }
  }
  store.putUsage(batch);
}

function isCheckpoint(value: unknown): value is FileCheckpoint {
  const c = value as Partial<FileCheckpoint> | null;
  return typeof c === 'object' && c !== null && typeof c.path === 'string' && typeof c.offset === 'number' && typeof c.size === 'number';
}

/**
 * Runs the incremental log scan, stores the new usage and per-file progress, then re-attributes
 * tokens to recent tasks. One scan at a time; a second request joins the running one.
 */
export class TokenScanner {
  /** The scan in progress and whether it reads every folder (a live look reads the workspace's only). */
  private running: { readonly promise: Promise<ScanStats>; readonly full: boolean } | undefined;
  private readonly dirCache = new DirListingCache();
  /** Per-file progress, read from the database once and then kept here (it is ~300 B a file). */
  private checkpoints: Map<string, FileCheckpoint> | undefined;
  /** workspaceCodexFolders for the folders of `key`, until a scan changes a Codex checkpoint (live looks come every 3 s). */
  private codexFolders: { readonly key: string; readonly dirs: string[] } | undefined;

  constructor(
    private readonly store: UsageRepository,
    private readonly tokens: TokenService,
    private readonly roots: () => RootOverrides,
    private readonly log: (message: string) => void,
    /** Receives the turns of each file read (the file path names a session the records leave unnamed). */
    private readonly onTurns: (turns: readonly AgentTurn[], path: string) => void = () => undefined,
    /** Where the reading and parsing run: this thread by default, a worker thread in the extension (ScanThread). */
    private readonly scanFn: ScanFunction = scanLogs,
    /** Names where scans run, for the log line. */
    private readonly where: () => string = () => '',
    /** Scans start once this settles (in the extension: an old record's usage moved to its own file, see openUsageFile). */
    private readonly ready: Promise<unknown> = Promise.resolve(),
  ) {}

  /** Scans every folder now (or joins the full scan in progress; after a live look, it follows it). */
  scan(): Promise<ScanStats> {
    return this.enqueue(true, () => defaultSources(this.roots()));
  }

  /**
   * Reads only the folders where agents working in `folders` write now (see liveSources): cheap
   * enough to run every few seconds, so an agent's turns show while a task runs. Joins a scan in progress.
   */
  scanLive(folders: readonly string[]): Promise<ScanStats> {
    return this.enqueue(false, () => {
      const checkpoints = (this.checkpoints ??= this.loadCheckpoints());
      const key = folders.join('\0');
      if (this.codexFolders?.key !== key) this.codexFolders = { key, dirs: workspaceCodexFolders(checkpoints.values(), folders) };
      return liveSources(folders, this.roots(), Date.now(), undefined, { codexFolders: this.codexFolders.dirs, dirCache: this.dirCache });
    });
  }

  /** One scan at a time, since each continues from the last one's checkpoints; a scan in progress serves any request it covers. */
  private enqueue(full: boolean, sources: () => ScanSource[]): Promise<ScanStats> {
    const current = this.running;
    if (current !== undefined && (current.full || !full)) return current.promise;
    const promise = (current?.promise.catch(() => undefined) ?? this.ready.catch(() => undefined)).then(() => this.run(sources(), !full));
    const entry = { promise, full };
    this.running = entry;
    const done = (): void => {
      if (this.running === entry) this.running = undefined;
    };
    promise.then(done, done);
    return promise;
  }

  private loadCheckpoints(): Map<string, FileCheckpoint> {
    const saved = new Map<string, FileCheckpoint>();
    for (const [path, value] of this.store.logCheckpoints()) if (isCheckpoint(value)) saved.set(path, value);
    return saved;
  }

  private async run(sources: ScanSource[], partial: boolean): Promise<ScanStats> {
    const previous = this.checkpoints ?? this.loadCheckpoints();
    const out = await this.scanFn(sources, previous, { dirCache: this.dirCache, partial });
    // Usage is kept even when a file was truncated or replaced: the tokens were spent.
    await storeInBatches(this.store, out.results);
    await inSlices(out.results, (result) => {
      if (result.turns.length > 0) this.onTurns(result.turns, result.path);
    });
    // A first scan writes a checkpoint per file: thousands of rows, so in slices too.
    let codexChanged = false;
    await inSlices(out.checkpoints, ([path, checkpoint]) => {
      const before = previous.get(path);
      if (!before || before.offset !== checkpoint.offset || before.size !== checkpoint.size || before.ino !== checkpoint.ino) {
        this.store.putLogCheckpoint(path, checkpoint);
        codexChanged ||= checkpoint.agent === 'codex';
      }
    });
    if (codexChanged) this.codexFolders = undefined;
    this.checkpoints = out.checkpoints;
    // Only after a complete scan of every folder: compaction makes older usage count as already read. In slices.
    if (!partial && out.stats.errors === 0) while (this.store.compactUsage(Date.now())) await yieldToLoop();
    const s = out.stats;
    // A live look that found nothing new stays silent and re-attributes nothing.
    if (partial && out.results.length === 0) return s;
    const changed = this.tokens.refreshRecent();
    this.log(
      `${partial ? 'Live' : 'Token'} scan${this.where()}: ${s.files} files, ${(s.bytesRead / 1e6).toFixed(1)} MB read, ${s.events} usage events, ${s.turns} turns, ${s.malformed} malformed and ${s.ignored} unknown lines skipped, ${s.errors} errors, ${changed} task(s) updated, ${s.durationMs.toFixed(0)} ms`,
    );
    return s;
  }
}

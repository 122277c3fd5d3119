import type { UsageRepository } from '../app/ports';
import type { TokenService } from '../app/tokenService';
import { DirListingCache } from './listFiles';
import { scanLogs, type FileCheckpoint, type FileResult, type ScanStats } from './scanner';
import { defaultSources, type RootOverrides } from './sources';
import type { UsageRecord } from '../domain/tokens';

/**
 * Responses stored per transaction: about 10 µs each, so a batch holds the extension host for
 * ~5 ms, and a first scan of a million responses is 2,000 transactions with yields in between.
 */
export const USAGE_BATCH = 500;

/** Yields to the event loop so that storing a large first scan never blocks the extension host. */
function breathe(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
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
        await breathe();
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
  private running: Promise<ScanStats> | undefined;
  private readonly dirCache = new DirListingCache();
  /** Per-file progress, read from the database once and then kept here (it is ~300 B a file). */
  private checkpoints: Map<string, FileCheckpoint> | undefined;

  constructor(
    private readonly store: UsageRepository,
    private readonly tokens: TokenService,
    private readonly roots: () => RootOverrides,
    private readonly log: (message: string) => void,
  ) {}

  /** Scans now (or joins the scan in progress). */
  scan(): Promise<ScanStats> {
    this.running ??= this.run().finally(() => (this.running = undefined));
    return this.running;
  }

  private loadCheckpoints(): Map<string, FileCheckpoint> {
    const saved = new Map<string, FileCheckpoint>();
    for (const [path, value] of this.store.logCheckpoints()) if (isCheckpoint(value)) saved.set(path, value);
    return saved;
  }

  private async run(): Promise<ScanStats> {
    const previous = this.checkpoints ?? this.loadCheckpoints();
    const out = await scanLogs(defaultSources(this.roots()), previous, { dirCache: this.dirCache });
    // Usage is kept even when a file was truncated or replaced: the tokens were spent.
    await storeInBatches(this.store, out.results);
    for (const [path, checkpoint] of out.checkpoints) {
      const before = previous.get(path);
      if (!before || before.offset !== checkpoint.offset || before.size !== checkpoint.size || before.ino !== checkpoint.ino) {
        this.store.putLogCheckpoint(path, checkpoint);
      }
    }
    this.checkpoints = out.checkpoints;
    // Only after a complete scan: compaction makes older usage count as already read. In slices.
    if (out.stats.errors === 0) while (this.store.compactUsage(Date.now())) await breathe();
    const changed = this.tokens.refreshRecent();
    const s = out.stats;
    this.log(`Token scan: ${s.files} files, ${(s.bytesRead / 1e6).toFixed(1)} MB read, ${s.events} usage events, ${s.malformed} malformed and ${s.ignored} unknown lines skipped, ${s.errors} errors, ${changed} task(s) updated, ${s.durationMs.toFixed(0)} ms`);
    return s;
  }
}

import type { UsageRepository } from '../app/ports';
import type { TokenService } from '../app/tokenService';
import { DirListingCache } from './listFiles';
import { scanLogs, type FileCheckpoint, type ScanStats } from './scanner';
import { defaultSources, type RootOverrides } from './sources';

/** Yields to the event loop so that storing a large first scan never blocks the extension host. */
function breathe(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
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
    let slice = Date.now();
    for (const result of out.results) {
      // Usage is kept even when a file was truncated or replaced: the tokens were spent.
      this.store.putUsage(result.events);
      if (Date.now() - slice > 10) {
        await breathe();
        slice = Date.now();
      }
    }
    for (const [path, checkpoint] of out.checkpoints) {
      const before = previous.get(path);
      if (!before || before.offset !== checkpoint.offset || before.size !== checkpoint.size || before.ino !== checkpoint.ino) {
        this.store.putLogCheckpoint(path, checkpoint);
      }
    }
    this.checkpoints = out.checkpoints;
    const changed = this.tokens.refreshRecent();
    const s = out.stats;
    this.log(`Token scan: ${s.files} files, ${(s.bytesRead / 1e6).toFixed(1)} MB read, ${s.events} usage events, ${s.malformed} malformed and ${s.ignored} unknown lines skipped, ${s.errors} errors, ${changed} task(s) updated, ${s.durationMs.toFixed(0)} ms`);
    return s;
  }
}

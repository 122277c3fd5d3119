import type { SyncFolderPort } from './ports';
import type { RecordSync } from './recordSync';

/** How often the folder is looked at for other machines' files (a readdir and a stat per file). */
const SYNC_POLL_MS = 3_000;
/** Changes here within this long are written to this machine's file once. */
const SYNC_WRITE_DELAY_MS = 1_000;

/** What the sync loop needs from its surroundings (all wired in container.ts). */
export interface SyncLoopDeps {
  readonly sync: RecordSync;
  /** The adapter over a folder. */
  readonly open: (folder: string) => SyncFolderPort;
  /** A failure in words a user can act on. */
  readonly describe: (err: unknown) => string;
  /** Tasks changed here because of another machine's file: redraw. */
  readonly changed: () => void;
  readonly log: (message: string) => void;
  /** Tells the user (a notification). */
  readonly tell: (message: string, level: 'warning' | 'info') => void;
}

/**
 * Keeps the record in step with the sync folder: looks for changed machine files every few
 * seconds and takes them in, and writes this machine's file shortly after anything changes. A
 * folder that is missing, unwritable or full never stops the record: the user is told once per
 * distinct problem, and again when the folder works.
 */
export class SyncLoop {
  private port: SyncFolderPort | undefined;
  private poll: ReturnType<typeof setInterval> | undefined;
  private writeSoon: ReturnType<typeof setTimeout> | undefined;
  private dirty = true;
  private pass: Promise<void> | undefined;
  /** The one pass asked for while another ran: it starts when that one ends. */
  private queued: Promise<void> | undefined;
  /** The fault the user was last told about (folder and error code), until the folder works again. */
  private problem: string | undefined;
  /** The record's version when this machine's file was last written (by this window), or as a window starting found it. */
  private written: string | undefined;

  constructor(private readonly deps: SyncLoopDeps) {}

  /** Syncs through `folder` from now on ('' turns syncing off); called at start and when the setting changes. */
  use(folder: string): void {
    this.stopTimers();
    this.problem = undefined;
    this.port = folder ? this.deps.open(folder) : undefined;
    if (!this.port) return;
    this.dirty = true;
    this.written = undefined;
    this.deps.log(`Sync folder: ${folder}; this machine writes ${this.deps.sync.machine.name} (${this.deps.sync.machine.id}).`);
    this.poll = setInterval(() => void this.tick(), SYNC_POLL_MS);
    void this.tick();
  }

  /** Something changed here: this machine's file is written soon. */
  touch(): void {
    this.dirty = true;
    if (!this.port) return;
    clearTimeout(this.writeSoon);
    this.writeSoon = setTimeout(() => void this.tick(), SYNC_WRITE_DELAY_MS);
  }

  /**
   * Reads changed files and writes this machine's if needed; resolves when a pass that started
   * after this call has ended. Passes never overlap: one asked for meanwhile runs after.
   */
  tick(): Promise<void> {
    const port = this.port;
    if (!port) return Promise.resolve();
    if (this.pass) {
      this.queued ??= this.pass.then(() => {
        this.queued = undefined;
        return this.tick();
      });
      return this.queued;
    }
    this.pass = this.run(port).finally(() => {
      this.pass = undefined;
    });
    return this.pass;
  }

  /** Stops syncing (on deactivation). */
  dispose(): void {
    this.stopTimers();
    this.port = undefined;
  }

  private stopTimers(): void {
    clearInterval(this.poll);
    clearTimeout(this.writeSoon);
  }

  private async run(port: SyncFolderPort): Promise<void> {
    try {
      const scan = await port.readChanged();
      for (const s of scan.skipped) this.deps.log(`Sync folder: skipped ${s.file}: ${s.reason}. It is read again when it changes.`);
      // A window starting finds this machine's file as another window (or its last run) left it.
      this.written ??= scan.records.find((r) => r.machine.id === this.deps.sync.machine.id)?.version;
      const changed = await this.deps.sync.apply(scan.records);
      if (changed > 0) {
        this.deps.log(`Sync folder: ${changed} task(s) changed from ${scan.records.map((r) => r.machine.name).join(', ')}.`);
        this.dirty = true;
        this.deps.changed();
      }
      // Most changes here (a running task's measurements) leave the file as it is: compare a cheap
      // version first, and build the snapshot (every stopped task) only when it moved.
      const version = this.dirty ? this.deps.sync.version() : this.written;
      this.dirty = false;
      if (version !== this.written) {
        await this.deps.sync
          .snapshot()
          .then((record) => port.write({ ...record, version }))
          .catch((err: unknown) => {
            this.dirty = true;
            throw err;
          });
        this.written = version;
      }
      if (this.problem && port === this.port) {
        this.problem = undefined;
        this.deps.tell(`Leverage Record syncs through ${port.folder} again.`, 'info');
      }
    } catch (err) {
      if (port !== this.port) return; // the setting changed meanwhile: that folder no longer matters
      const message = `Leverage Record cannot use the sync folder ${port.folder}: ${this.deps.describe(err)}. The record keeps working on this machine; syncing resumes by itself once the folder can be used.`;
      this.deps.log(message);
      // The same fault again (its message may name a different temp file) is not news.
      const code = (err as { code?: unknown } | undefined)?.code;
      const problem = `${port.folder}: ${typeof code === 'string' ? code : message}`;
      if (problem !== this.problem) {
        this.problem = problem;
        this.deps.tell(message, 'warning');
      }
    }
  }
}

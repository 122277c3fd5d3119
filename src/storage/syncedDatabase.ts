import type { Database, SqlJsStatic, SqlValue, Statement } from 'sql.js';
import { Emitter } from '../app/events';
import { removeStaleTemps, replaceVerified, sameStamp, stampOf, type FileStamp } from './durableFile';
import { acquireLock, withFileLock, type HeldLock } from './fileLock';
import { keepAside } from './generations';
import { describe, readState } from './loadDatabase';
import { migrate, schemaVersion, SCHEMA_VERSION } from './migrations';
import { newerSchemaMessage, openRecord, type StoreNotice } from './openRecord';

/** Options for opening the store. */
export interface StoreOptions {
  /** The database file, e.g. `<globalStorage>/leverage.sqlite`. */
  readonly file: string;
  /** Delay that batches bursts of changes into one save. */
  readonly saveDelayMs?: number;
  /** Receives save failures that happen in the background (once per distinct failure). */
  readonly onError?: (err: unknown) => void;
  /** Receives what the user must be told after opening: recovery, saving again, another version. */
  readonly onNotice?: (notice: StoreNotice) => void;
}

/** Statement parameters. */
type Params = SqlValue[] | Record<string, SqlValue>;

/** Removes temp files killed saves left behind, if the lock is free now (opening never waits for it). */
async function removeStaleTempsIfFree(file: string): Promise<void> {
  const lock = await acquireLock(file, 0).catch(() => undefined);
  if (!lock) return;
  try {
    await removeStaleTemps(file).catch(() => undefined); // left for the next save to try again
  } finally {
    await lock.release();
  }
}

/** How soon a failed save is tried again when nothing else triggers one. */
const RETRY_MS = 30_000;
/** How often a save starts over when another window replaced the file under it. */
const SAVE_ATTEMPTS = 4;

/**
 * The in-memory sql.js database mirrored to one file that several VS Code windows share: the
 * synced-file core the repositories run their SQL through.
 *
 * Every change is applied in memory at once and queued. A save takes the cross-process lock,
 * and if another window wrote the file since we last saw it, loads that file and replays our
 * queued changes on top (newer `updated_at` wins), then writes a verified file (durableFile.ts).
 * Right before the rename it checks that the lock is still ours and the file is still the one we
 * merged into; if not, it starts over. Only `db.export()` and loading another window's file run
 * synchronously on the extension host; all file I/O is asynchronous.
 */
export class SyncedDatabase {
  private db: Database;
  private statements = new Map<string, Statement>();
  /** Changes not yet on disk, replayed on top of another window's save. */
  private pending: (() => void)[] = [];
  private mustWrite: boolean;
  private diskStamp: FileStamp | undefined;
  /** Whether the file at diskStamp was validated (read as sound, or written and verified by us). */
  private diskSound: boolean;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  /** Saves and reloads run one at a time, in order. */
  private queue: Promise<unknown> = Promise.resolve();
  private readOnlyReason: string | undefined;
  /** The message of the last failed save, so a failure repeating on every save is reported once. */
  private failing: string | undefined;
  private readonly replacedListeners: (() => void)[] = [];
  /**
   * Fires when a save took in another window's changes (reload-apply-save): what this window shows
   * is then out of date, exactly as after `reloadIfChanged` returned true.
   */
  readonly onDidMerge = new Emitter<void>();

  private constructor(
    private readonly sql: SqlJsStatic,
    private readonly options: StoreOptions,
    opened: Awaited<ReturnType<typeof openRecord>>,
  ) {
    this.db = opened.db;
    this.diskStamp = opened.stamp;
    this.mustWrite = opened.mustWrite;
    this.diskSound = opened.diskSound ?? true;
    this.readOnlyReason = opened.readOnly;
  }

  /** Opens the record (never throws, see openRecord) and writes it at once when it is new, migrated or restored. */
  static async open(sql: SqlJsStatic, options: StoreOptions): Promise<{ core: SyncedDatabase; notice?: StoreNotice }> {
    const opened = await openRecord(sql, options.file);
    const core = new SyncedDatabase(sql, options, opened);
    if (core.mustWrite) {
      // A failure is reported through onError; the window keeps working in memory and retries.
      await core.flush().catch(() => undefined);
    } else {
      await removeStaleTempsIfFree(options.file);
    }
    return { core, notice: opened.notice };
  }

  /** Why changes are not being saved, if they are not. */
  get readOnly(): string | undefined {
    return this.readOnlyReason;
  }

  /** Calls `listener` whenever the database is replaced by another window's file. */
  onReplaced(listener: () => void): void {
    this.replacedListeners.push(listener);
  }

  /**
   * Applies a change in memory now and queues it for the next save. A change that modified no
   * row (e.g. an upsert that kept a newer copy) is not queued: unchanged state is never saved.
   */
  change(apply: () => void): void {
    const before = this.totalChanges();
    apply();
    if (this.totalChanges() === before) return;
    this.pending.push(apply);
    this.scheduleSave();
  }

  /** Runs one statement (prepared once and cached). */
  run(sql: string, params: Params): void {
    const stmt = this.statement(sql);
    try {
      stmt.run(params);
    } finally {
      stmt.reset();
    }
  }

  /** Runs a query and maps every row. */
  all<T>(sql: string, params: Params, map: (row: SqlValue[]) => T): T[] {
    const stmt = this.statement(sql);
    try {
      stmt.bind(params);
      const rows: T[] = [];
      while (stmt.step()) rows.push(map(stmt.get()));
      return rows;
    } finally {
      stmt.reset();
    }
  }

  /** Saves pending changes now; resolves when they are on disk (and verified). */
  flush(): Promise<void> {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    return this.enqueue(() => this.save());
  }

  /**
   * Picks up changes another window saved, when we have none of our own waiting. Returns true
   * when the in-memory copy was replaced. Needs no lock: files are only ever renamed into place.
   */
  reloadIfChanged(): Promise<boolean> {
    return this.enqueue(async () => {
      if (this.pending.length > 0 || this.mustWrite) return false;
      const stamp = await stampOf(this.options.file).catch(() => this.diskStamp);
      if (sameStamp(stamp, this.diskStamp) || !stamp) return false;
      const state = await readState(this.sql, this.options.file, 'quick');
      if (state.kind !== 'sound') return false;
      return this.adopt(state.db, state.stamp);
    });
  }

  /** Saves what is pending and frees the database. */
  async close(): Promise<void> {
    await this.flush().catch(() => undefined); // reported through onError
    this.freeStatements();
    this.db.close();
  }

  private enqueue<T>(job: () => Promise<T>): Promise<T> {
    // A failed job must not poison the queue: the next save tries again with the same pending changes.
    const next = this.queue.catch(() => undefined).then(job);
    this.queue = next;
    return next;
  }

  private async save(): Promise<void> {
    if ((this.pending.length === 0 && !this.mustWrite) || this.readOnlyReason) return;
    try {
      for (let attempt = 1; attempt <= SAVE_ATTEMPTS; attempt++) {
        if (await withFileLock(this.options.file, (lock) => this.saveLocked(lock))) {
          if (this.failing && !this.readOnlyReason)
            this.options.onNotice?.({ level: 'info', message: `Leverage Record saved ${this.options.file} again; nothing was lost.` });
          this.failing = undefined;
          return;
        }
      }
      throw new Error(`${this.options.file} kept being replaced by another window during ${SAVE_ATTEMPTS} attempts to save`);
    } catch (err) {
      const message = describe(err);
      if (message !== this.failing) this.options.onError?.(err);
      this.failing = message;
      // Try again later even if nothing changes meanwhile (a running task that is only measured).
      this.scheduleSave(RETRY_MS);
      throw err;
    }
  }

  /** Reload-apply-save under the lock. Returns false when the fence refused the rename (try again). */
  private async saveLocked(lock: HeldLock): Promise<boolean> {
    const file = this.options.file;
    await removeStaleTemps(file);
    let stamp = await stampOf(file);
    let merged = false;
    if (!sameStamp(stamp, this.diskStamp)) {
      const state = await readState(this.sql, file, 'quick');
      if (state.kind === 'unreadable') throw new Error(`${file} cannot be read (${state.reason})`);
      if (state.kind === 'damaged') {
        // Our copy holds everything we last read from it plus our changes: keep the damaged file, write ours.
        const { aside, stillThere } = await keepAside(file);
        this.options.onNotice?.({
          level: 'warning',
          message: `The Leverage Record database ${file} ${state.reason}. It was moved to ${aside} (kept as it was) and this window's copy was saved in its place.`,
        });
        stamp = stillThere ? state.stamp : undefined;
        this.diskSound = false;
      } else if (state.kind === 'sound') {
        if (!this.adopt(state.db, state.stamp)) return true; // newer schema: this window stops writing
        stamp = state.stamp;
        merged = true;
      }
    }
    const count = this.pending.length;
    this.freeStatements(); // export() frees every prepared statement; do not keep dangling handles.
    const bytes = this.db.export();
    const expected = stamp;
    const fence = async (): Promise<boolean> => (await lock.stillOurs()) && sameStamp(await stampOf(file), expected);
    let written: FileStamp | undefined;
    try {
      written = await replaceVerified(file, bytes, fence, this.diskSound);
    } catch (err) {
      // Paused past the stale limit, another window took the lock and removed our temp file: start over.
      if (!(await lock.stillOurs())) return false;
      throw err;
    }
    if (!written) return false;
    this.diskStamp = written;
    this.diskSound = true;
    this.pending.splice(0, count); // changes made while the file was written stay queued
    this.mustWrite = false;
    if (merged) this.onDidMerge.fire();
    return true;
  }

  /**
   * Takes another window's file as our database and replays our queued changes on top. Refuses a
   * file from a newer schema: this window then stops writing and says so. Returns false then.
   */
  private adopt(db: Database, stamp: FileStamp): boolean {
    const version = schemaVersion(db);
    if (version > SCHEMA_VERSION) {
      db.close();
      this.diskStamp = stamp; // not looked at again until the file changes once more
      if (this.readOnlyReason) return false; // said once is enough
      this.readOnlyReason = newerSchemaMessage(this.options.file, version);
      this.options.onNotice?.({
        level: 'error',
        message:
          `${this.readOnlyReason} ${this.pending.length > 0 ? 'Changes made in this window since its last save are kept only until it closes.' : ''}`.trim(),
      });
      return false;
    }
    this.freeStatements();
    this.db.close();
    this.db = db;
    this.diskStamp = stamp;
    this.diskSound = true;
    migrate(db);
    if (version < SCHEMA_VERSION) this.mustWrite = true;
    for (const change of this.pending) change();
    for (const listener of this.replacedListeners) listener();
    return true;
  }

  private totalChanges(): number {
    return Number(this.all('SELECT total_changes()', [], (row) => row[0])[0]);
  }

  private statement(sql: string): Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  private freeStatements(): void {
    for (const stmt of this.statements.values()) stmt.free();
    this.statements.clear();
  }

  private scheduleSave(delayMs = this.options.saveDelayMs ?? 500): void {
    if (this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      this.flush().catch(() => undefined); // reported through onError
    }, delayMs);
    this.saveTimer.unref?.(); // never keeps a process alive just to save
  }
}

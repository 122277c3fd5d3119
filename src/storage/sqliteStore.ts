import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Database, SqlJsStatic, Statement } from 'sql.js';
import type { TaskRepository } from '../app/ports';
import type { Task } from '../domain/task';
import { sameStamp, stampOf, writeFileAtomic, type FileStamp } from './atomicFile';
import { withFileLock } from './fileLock';
import { migrate, schemaVersion, SCHEMA_VERSION } from './migrations';
import { TASK_COLUMNS, taskFromRow, taskParams, UPSERT_TASK } from './taskRows';

/** Options for opening the store. */
export interface StoreOptions {
  /** The database file, e.g. `<globalStorage>/leverage.sqlite`. */
  readonly file: string;
  /** Delay that batches bursts of changes into one save. */
  readonly saveDelayMs?: number;
  /** Receives save failures that happen in the background. */
  readonly onError?: (err: unknown) => void;
}

/** What the user must be told after opening, e.g. that a corrupt file was moved aside. */
export interface OpenNotice {
  readonly level: 'warning' | 'error';
  readonly message: string;
}

type StatementName = 'upsert' | 'get' | 'running' | 'listAll' | 'listRange';

const SQL: Record<StatementName, string> = {
  upsert: UPSERT_TASK,
  get: `SELECT ${TASK_COLUMNS} FROM tasks WHERE id = ?`,
  running: `SELECT ${TASK_COLUMNS} FROM tasks WHERE workspace = ? AND stopped_at IS NULL ORDER BY started_at DESC LIMIT 1`,
  listAll: `SELECT ${TASK_COLUMNS} FROM tasks ORDER BY started_at, id`,
  listRange: `SELECT ${TASK_COLUMNS} FROM tasks WHERE started_at >= ? AND started_at < ? ORDER BY started_at, id`,
};

/**
 * The task repository over an in-memory sql.js database mirrored to one file.
 *
 * Several VS Code windows share the file, each with its own in-memory copy. A save therefore runs
 * reload-apply-save under a cross-process lock: if another window wrote the file since we last
 * saw it, we load its content, replay our own pending changes on top (newer `updated_at` wins per
 * task) and only then write. No window can erase another's writes.
 */
export class SqliteTaskStore implements TaskRepository {
  private db: Database;
  private statements = new Map<StatementName, Statement>();
  private pending: Task[] = [];
  private diskStamp: FileStamp | undefined;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private saving: Promise<void> = Promise.resolve();
  private readOnlyReason: string | undefined;

  private constructor(private readonly sql: SqlJsStatic, private readonly options: StoreOptions, db: Database) {
    this.db = db;
  }

  /** Opens (or creates) the database file; never overwrites a file it cannot read. */
  static async open(sql: SqlJsStatic, options: StoreOptions): Promise<{ store: SqliteTaskStore; notice?: OpenNotice }> {
    const { file } = options;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    return withFileLock(file, () => {
      const stamp = stampOf(file);
      const loaded = stamp ? tryLoad(sql, fs.readFileSync(file)) : { db: newDatabase(sql) };
      if ('db' in loaded) {
        const store = new SqliteTaskStore(sql, options, loaded.db);
        store.diskStamp = stamp;
        const versionOnDisk = schemaVersion(loaded.db);
        if (versionOnDisk > SCHEMA_VERSION) {
          store.readOnlyReason = `${file} was written by a newer version of Leverage Record; changes in this window are not saved. Update the extension.`;
          return { store, notice: { level: 'error', message: store.readOnlyReason } };
        }
        migrate(loaded.db);
        // Write a new or migrated file at once, so every window sees the current schema on disk.
        if (!stamp || schemaVersion(loaded.db) !== versionOnDisk) store.writeLocked();
        return { store };
      }
      return SqliteTaskStore.recoverFromCorruptFile(sql, options, loaded.error);
    });
  }

  /** Moves an unreadable file aside, falls back to the `.bak` copy if that one is sound. */
  private static recoverFromCorruptFile(sql: SqlJsStatic, options: StoreOptions, error: string): { store: SqliteTaskStore; notice: OpenNotice } {
    const { file } = options;
    const aside = path.join(path.dirname(file), `${path.basename(file, '.sqlite')}.corrupt-${Date.now()}.sqlite`);
    fs.renameSync(file, aside);
    const backup = `${file}.bak`;
    const fromBackup = fs.existsSync(backup) ? tryLoad(sql, fs.readFileSync(backup)) : undefined;
    const usable = fromBackup && 'db' in fromBackup && schemaVersion(fromBackup.db) <= SCHEMA_VERSION ? fromBackup.db : undefined;
    const db = usable ?? newDatabase(sql);
    migrate(db);
    const store = new SqliteTaskStore(sql, options, db);
    // Write the recovered state now so the next window opens a sound file.
    store.writeLocked();
    const restored = usable ? ` Restored the previous copy from ${backup}.` : ' Started a new, empty record.';
    return {
      store,
      notice: { level: 'warning', message: `The Leverage Record database could not be read (${error}). It was moved to ${aside}.${restored}` },
    };
  }

  running(workspace: string): Task | undefined {
    return this.one('running', [workspace]);
  }

  get(id: string): Task | undefined {
    return this.one('get', [id]);
  }

  list(range?: { from: number; to: number }): Task[] {
    const stmt = range ? this.statement('listRange') : this.statement('listAll');
    try {
      if (range) stmt.bind([range.from, range.to]);
      const tasks: Task[] = [];
      while (stmt.step()) tasks.push(taskFromRow(stmt.get()));
      return tasks;
    } finally {
      stmt.reset();
    }
  }

  put(task: Task): void {
    this.apply(task);
    this.pending.push(task);
    this.scheduleSave();
  }

  /** Saves pending changes now; resolves when they are on disk. */
  flush(): Promise<void> {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    // A failed save must not poison the chain: the next flush tries again with the same pending changes.
    this.saving = this.saving.catch(() => undefined).then(() => this.save());
    return this.saving;
  }

  /**
   * Picks up changes another window saved, when we have none of our own waiting. Returns true
   * when the in-memory copy was replaced.
   */
  async reloadIfChanged(): Promise<boolean> {
    if (this.pending.length > 0 || sameStamp(stampOf(this.options.file), this.diskStamp)) return false;
    return withFileLock(this.options.file, () => {
      const stamp = stampOf(this.options.file);
      if (this.pending.length > 0 || sameStamp(stamp, this.diskStamp) || !stamp) return false;
      const loaded = tryLoad(this.sql, fs.readFileSync(this.options.file));
      if (!('db' in loaded)) return false;
      this.replaceDatabase(loaded.db, stamp);
      return true;
    });
  }

  /** Why changes are not being saved, if they are not. */
  get readOnly(): string | undefined {
    return this.readOnlyReason;
  }

  /** Saves what is pending and frees the database. */
  async close(): Promise<void> {
    await this.flush();
    this.freeStatements();
    this.db.close();
  }

  private async save(): Promise<void> {
    if (this.pending.length === 0 || this.readOnlyReason) return;
    try {
      await withFileLock(this.options.file, () => this.writeLocked());
    } catch (err) {
      this.options.onError?.(err);
      throw err;
    }
  }

  /** Reload-apply-save; the caller holds the lock. */
  private writeLocked(): void {
    const file = this.options.file;
    const stamp = stampOf(file);
    if (stamp && !sameStamp(stamp, this.diskStamp)) {
      const loaded = tryLoad(this.sql, fs.readFileSync(file));
      if (!('db' in loaded)) {
        throw new Error(`Not saving: ${file} changed on disk and can no longer be read (${loaded.error}). Your changes stay in memory.`);
      }
      migrate(loaded.db);
      this.replaceDatabase(loaded.db, stamp);
      for (const task of this.pending) this.apply(task);
    }
    this.freeStatements(); // export() frees every prepared statement; do not keep dangling handles.
    const bytes = this.db.export();
    writeFileAtomic(file, bytes);
    this.diskStamp = stampOf(file);
    this.pending = [];
  }

  private replaceDatabase(db: Database, stamp: FileStamp): void {
    this.freeStatements();
    this.db.close();
    this.db = db;
    this.diskStamp = stamp;
  }

  private apply(task: Task): void {
    const stmt = this.statement('upsert');
    try {
      stmt.run(taskParams(task));
    } finally {
      stmt.reset();
    }
  }

  private one(name: StatementName, params: (string | number)[]): Task | undefined {
    const stmt = this.statement(name);
    try {
      stmt.bind(params);
      return stmt.step() ? taskFromRow(stmt.get()) : undefined;
    } finally {
      stmt.reset();
    }
  }

  private statement(name: StatementName): Statement {
    let stmt = this.statements.get(name);
    if (!stmt) {
      stmt = this.db.prepare(SQL[name]);
      this.statements.set(name, stmt);
    }
    return stmt;
  }

  private freeStatements(): void {
    for (const stmt of this.statements.values()) stmt.free();
    this.statements.clear();
  }

  private scheduleSave(): void {
    if (this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      this.flush().catch(() => undefined); // reported through onError
    }, this.options.saveDelayMs ?? 500);
  }
}

function newDatabase(sql: SqlJsStatic): Database {
  return new sql.Database();
}

/** Opens bytes as a database and checks they really are one; sql.js only notices on first query. */
function tryLoad(sql: SqlJsStatic, bytes: Uint8Array): { db: Database } | { error: string } {
  let db: Database | undefined;
  try {
    db = new sql.Database(bytes);
    const check = db.exec('PRAGMA quick_check');
    const verdict = String(check[0]?.values[0]?.[0] ?? '');
    if (verdict !== 'ok') throw new Error(`integrity check: ${verdict}`);
    return { db };
  } catch (err) {
    db?.close();
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

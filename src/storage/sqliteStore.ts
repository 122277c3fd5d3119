import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Database, SqlJsStatic, SqlValue, Statement } from 'sql.js';
import type { Store } from '../app/ports';
import type { Interval } from '../domain/intervals';
import type { AgentSession, TaskCommit } from '../domain/session';
import type { Task } from '../domain/task';
import type { UsageRecord, UsageSum } from '../domain/tokens';
import { sameStamp, stampOf, writeFileAtomic, type FileStamp } from './atomicFile';
import { withFileLock } from './fileLock';
import { migrate, schemaVersion, SCHEMA_VERSION } from './migrations';
import { COMMIT_COLUMNS, commitFromRow, commitParams, intervalsFromJson, intervalsToJson, SESSION_COLUMNS, sessionFromRow, sessionParams, UPSERT_SESSION } from './sessionRows';
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

const SQL = {
  upsert: UPSERT_TASK,
  get: `SELECT ${TASK_COLUMNS} FROM tasks WHERE id = ?`,
  running: `SELECT ${TASK_COLUMNS} FROM tasks WHERE workspace = ? AND stopped_at IS NULL AND deleted_at IS NULL ORDER BY started_at DESC LIMIT 1`,
  listAll: `SELECT ${TASK_COLUMNS} FROM tasks WHERE deleted_at IS NULL ORDER BY started_at, id`,
  listRange: `SELECT ${TASK_COLUMNS} FROM tasks WHERE started_at >= ? AND started_at < ? AND deleted_at IS NULL ORDER BY started_at, id`,
  upsertSession: UPSERT_SESSION,
  sessionsOfTask: `SELECT ${SESSION_COLUMNS} FROM sessions WHERE task_id = ? ORDER BY started_at, id`,
  // Sessions from the agents' records are attributed by folder and time, never attached by hand.
  unattributed: `SELECT ${SESSION_COLUMNS} FROM sessions WHERE task_id IS NULL AND measured_by <> 'records' ORDER BY started_at DESC, id`,
  sessionById: `SELECT ${SESSION_COLUMNS} FROM sessions WHERE id = ?`,
  recordSessions: `SELECT ${SESSION_COLUMNS} FROM sessions WHERE measured_by = 'records' AND ended_at >= ? AND started_at <= ? ORDER BY started_at, id`,
  deleteCommits: 'DELETE FROM commits WHERE task_id = ? AND repo = ?',
  insertCommit: `INSERT OR REPLACE INTO commits (${COMMIT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  commitsOfTask: `SELECT ${COMMIT_COLUMNS} FROM commits WHERE task_id = ? ORDER BY authored_at, hash`,
  upsertAttention: `INSERT INTO attention (task_id, intervals, updated_at) VALUES (?, ?, ?)
    ON CONFLICT(task_id) DO UPDATE SET intervals = excluded.intervals, updated_at = excluded.updated_at
    WHERE excluded.updated_at >= attention.updated_at`,
  attentionOfTask: 'SELECT intervals FROM attention WHERE task_id = ?',
  commitCounts: 'SELECT task_id, count(*) FROM commits GROUP BY task_id',
  upsertUsage: `INSERT INTO token_usage (key, agent, timestamp, session_id, cwd, model, input, output, cache_creation, cache_read)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT(key) DO UPDATE SET agent = excluded.agent, timestamp = excluded.timestamp, session_id = excluded.session_id,
      cwd = excluded.cwd, model = excluded.model, input = excluded.input, output = excluded.output,
      cache_creation = excluded.cache_creation, cache_read = excluded.cache_read
    WHERE excluded.input + excluded.output + excluded.cache_creation + excluded.cache_read
        > token_usage.input + token_usage.output + token_usage.cache_creation + token_usage.cache_read`,
  usageBetween: `SELECT coalesce(cwd, ''), coalesce(model, ''), sum(input), sum(output), sum(cache_creation), sum(cache_read)
    FROM token_usage WHERE timestamp >= ? AND timestamp <= ? GROUP BY cwd, model`,
  logCheckpoints: 'SELECT path, checkpoint FROM log_files',
  putLogCheckpoint: 'INSERT OR REPLACE INTO log_files (path, checkpoint) VALUES (?, ?)',
} as const;

type StatementName = keyof typeof SQL;
type Params = SqlValue[] | Record<string, SqlValue>;

/**
 * The task repository over an in-memory sql.js database mirrored to one file.
 *
 * Several VS Code windows share the file, each with its own in-memory copy. A save therefore runs
 * reload-apply-save under a cross-process lock: if another window wrote the file since we last
 * saw it, we load its content, replay our own pending changes on top (newer `updated_at` wins per
 * task) and only then write. No window can erase another's writes.
 */
export class SqliteTaskStore implements Store {
  private db: Database;
  private statements = new Map<StatementName, Statement>();
  /** Changes not yet on disk, replayed on top of another window's save (see writeLocked). */
  private pending: (() => void)[] = [];
  private diskStamp: FileStamp | undefined;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private saving: Promise<void> = Promise.resolve();
  private readOnlyReason: string | undefined;
  private cache: Task[] | undefined;
  /** Once the index has been built, reads keep using it (rebuilt after another window's save). */
  private indexed = false;

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
    return this.all('running', [workspace], taskFromRow)[0];
  }

  get(id: string): Task | undefined {
    return this.all('get', [id], taskFromRow)[0];
  }

  list(range?: { from: number; to: number }): Task[] {
    // Until the index is built (see warm), a range is one indexed query: cheap for a day's tasks,
    // so activation (the status bar's "today") never pays for reading every task.
    if (range && !this.indexed) return this.all('listRange', [range.from, range.to], taskFromRow);
    const tasks = this.taskCache();
    if (!range) return tasks.slice();
    const first = lowerBound(tasks, range.from);
    const end = lowerBound(tasks, range.to);
    return tasks.slice(first, end);
  }

  put(task: Task): void {
    this.change(() => this.run('upsert', taskParams(task)));
    if (this.cache) this.refreshCached(task.id);
  }

  putSession(session: AgentSession): void {
    this.change(() => this.run('upsertSession', sessionParams(session)));
  }

  sessionsOfTask(taskId: string): AgentSession[] {
    return this.all('sessionsOfTask', [taskId], sessionFromRow);
  }

  unattributedSessions(): AgentSession[] {
    return this.all('unattributed', [], sessionFromRow);
  }

  session(id: string): AgentSession | undefined {
    return this.all('sessionById', [id], sessionFromRow)[0];
  }

  recordSessionsBetween(from: number, to: number): AgentSession[] {
    return this.all('recordSessions', [from, to], sessionFromRow);
  }

  replaceCommits(taskId: string, repo: string, commits: readonly TaskCommit[]): void {
    this.change(() => {
      this.run('deleteCommits', [taskId, repo]);
      for (const commit of commits) this.run('insertCommit', commitParams(commit));
    });
  }

  commitsOfTask(taskId: string): TaskCommit[] {
    return this.all('commitsOfTask', [taskId], commitFromRow);
  }

  commitCounts(): Map<string, number> {
    return new Map(this.all('commitCounts', [], (row) => [String(row[0]), Number(row[1])] as const));
  }

  putUsage(records: readonly UsageRecord[]): void {
    if (records.length === 0) return;
    this.change(() => {
      for (const r of records) {
        this.run('upsertUsage', [r.key, r.agent, r.timestamp, r.sessionId ?? null, r.cwd ?? null, r.model ?? null, r.input, r.output, r.cacheCreation, r.cacheRead]);
      }
    });
  }

  usageBetween(from: number, to: number): UsageSum[] {
    return this.all('usageBetween', [from, to], (row) => ({
      cwd: String(row[0]), model: String(row[1]), input: Number(row[2]), output: Number(row[3]), cacheCreation: Number(row[4]), cacheRead: Number(row[5]),
    }));
  }

  logCheckpoints(): Map<string, unknown> {
    const map = new Map<string, unknown>();
    for (const [path, json] of this.all('logCheckpoints', [], (row) => [String(row[0]), String(row[1])] as const)) {
      try {
        map.set(path, JSON.parse(json));
      } catch {
        // A damaged checkpoint only means that file is read again from the start.
      }
    }
    return map;
  }

  putLogCheckpoint(path: string, checkpoint: unknown): void {
    const json = JSON.stringify(checkpoint);
    this.change(() => this.run('putLogCheckpoint', [path, json]));
  }

  putAttention(taskId: string, intervals: readonly Interval[], updatedAt: number): void {
    this.change(() => this.run('upsertAttention', [taskId, intervalsToJson(intervals), updatedAt]));
  }

  attentionOfTask(taskId: string): Interval[] {
    return this.all('attentionOfTask', [taskId], (row) => intervalsFromJson(row[0]))[0] ?? [];
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
      for (const change of this.pending) change();
    }
    this.freeStatements(); // export() frees every prepared statement; do not keep dangling handles.
    const bytes = this.db.export();
    writeFileAtomic(file, bytes);
    this.diskStamp = stampOf(file);
    this.pending = [];
  }

  private replaceDatabase(db: Database, stamp: FileStamp): void {
    this.cache = undefined;
    this.freeStatements();
    this.db.close();
    this.db = db;
    this.diskStamp = stamp;
  }

  /** Applies a change in memory now and queues it for the next save. */
  private change(apply: () => void): void {
    apply();
    this.pending.push(apply);
    this.scheduleSave();
  }

  private run(name: StatementName, params: Params): void {
    const stmt = this.statement(name);
    try {
      stmt.run(params);
    } finally {
      stmt.reset();
    }
  }

  private all<T>(name: StatementName, params: Params, map: (row: SqlValue[]) => T): T[] {
    const stmt = this.statement(name);
    try {
      stmt.bind(params);
      const rows: T[] = [];
      while (stmt.step()) rows.push(map(stmt.get()));
      return rows;
    } finally {
      stmt.reset();
    }
  }

  /** Builds the in-memory task index ahead of need (called when the extension host is idle). */
  warm(): void {
    this.taskCache();
  }

  /**
   * Live tasks sorted by start, read once from the database and kept up to date on every write:
   * sql.js reads cost about 10 µs a row, far too slow to re-read 10,000 tasks on every range switch.
   */
  private taskCache(): Task[] {
    this.indexed = true;
    this.cache ??= this.all('listAll', [], taskFromRow);
    return this.cache;
  }

  /** Puts the stored copy of one task (the upsert may have kept a newer one) into the cache. */
  private refreshCached(id: string): void {
    const cache = this.cache!;
    const at = cache.findIndex((t) => t.id === id);
    if (at >= 0) cache.splice(at, 1);
    const stored = this.get(id);
    if (!stored || stored.deletedAt !== undefined) return;
    let i = lowerBound(cache, stored.startedAt);
    while (i < cache.length && cache[i].startedAt === stored.startedAt && cache[i].id < stored.id) i++;
    cache.splice(i, 0, stored);
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

/** Index of the first task starting at or after `ms` in a list sorted by start. */
function lowerBound(tasks: readonly Task[], ms: number): number {
  let lo = 0, hi = tasks.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (tasks[mid].startedAt < ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
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

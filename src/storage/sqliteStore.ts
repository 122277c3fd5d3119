import type { SqlJsStatic } from 'sql.js';
import type { Store } from '../app/ports';
import type { Interval } from '../domain/intervals';
import type { AgentSession, TaskCommit } from '../domain/session';
import type { Task } from '../domain/task';
import type { UsageRecord, UsageSum } from '../domain/tokens';
import { SqliteAttention } from './attentionRepository';
import { SqliteCommits } from './commitRepository';
import type { StoreNotice } from './openRecord';
import { SqliteSessions } from './sessionRepository';
import { SyncedDatabase, type StoreOptions } from './syncedDatabase';
import { SqliteTasks } from './taskRepository';

export type { StoreOptions } from './syncedDatabase';

/**
 * Every repository the use cases persist through, over one synced database file (see
 * syncedDatabase.ts for how several windows share it and how saves stay safe under faults).
 */
export class SqliteTaskStore implements Store {
  private readonly tasks: SqliteTasks;
  private readonly sessions: SqliteSessions;
  private readonly commits: SqliteCommits;
  private readonly attention: SqliteAttention;

  private constructor(private readonly core: SyncedDatabase) {
    this.tasks = new SqliteTasks(core);
    this.sessions = new SqliteSessions(core);
    this.commits = new SqliteCommits(core);
    this.attention = new SqliteAttention(core);
  }

  /** Opens (or creates) the database file. Never throws and never overwrites a file it cannot read. */
  static async open(sql: SqlJsStatic, options: StoreOptions): Promise<{ store: SqliteTaskStore; notice?: StoreNotice }> {
    const { core, notice } = await SyncedDatabase.open(sql, options);
    return { store: new SqliteTaskStore(core), notice };
  }

  running(workspace: string): Task | undefined {
    return this.tasks.running(workspace);
  }

  get(id: string): Task | undefined {
    return this.tasks.get(id);
  }

  list(range?: { from: number; to: number }): Task[] {
    return this.tasks.list(range);
  }

  put(task: Task): void {
    this.tasks.put(task);
  }

  /** Builds the in-memory task index ahead of need (called when the extension host is idle). */
  warm(): void {
    this.tasks.warm();
  }

  putSession(session: AgentSession): void {
    this.sessions.putSession(session);
  }

  sessionsOfTask(taskId: string): AgentSession[] {
    return this.sessions.sessionsOfTask(taskId);
  }

  unattributedSessions(): AgentSession[] {
    return this.sessions.unattributedSessions();
  }

  replaceCommits(taskId: string, repo: string, commits: readonly TaskCommit[]): void {
    this.commits.replaceCommits(taskId, repo, commits);
  }

  commitsOfTask(taskId: string): TaskCommit[] {
    return this.commits.commitsOfTask(taskId);
  }

  commitCounts(): Map<string, number> {
    return this.commits.commitCounts();
  }

  putAttention(taskId: string, intervals: readonly Interval[], updatedAt: number): void {
    this.attention.putAttention(taskId, intervals, updatedAt);
  }

  attentionOfTask(taskId: string): Interval[] {
    return this.attention.attentionOfTask(taskId);
  }

  // --- Token usage and log checkpoints (moving to a module of their own) ---

  putUsage(records: readonly UsageRecord[]): void {
    if (records.length === 0) return;
    this.core.change(() => {
      for (const r of records) {
        this.core.run(USAGE_SQL.upsertUsage, [r.key, r.agent, r.timestamp, r.sessionId ?? null, r.cwd ?? null, r.model ?? null, r.input, r.output, r.cacheCreation, r.cacheRead]);
      }
    });
  }

  usageBetween(from: number, to: number): UsageSum[] {
    return this.core.all(USAGE_SQL.usageBetween, [from, to], (row) => ({
      cwd: String(row[0]), model: String(row[1]), input: Number(row[2]), output: Number(row[3]), cacheCreation: Number(row[4]), cacheRead: Number(row[5]),
    }));
  }

  logCheckpoints(): Map<string, unknown> {
    const map = new Map<string, unknown>();
    for (const [path, json] of this.core.all(USAGE_SQL.logCheckpoints, [], (row) => [String(row[0]), String(row[1])] as const)) {
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
    this.core.change(() => this.core.run(USAGE_SQL.putLogCheckpoint, [path, json]));
  }

  // --- End of token usage ---

  /** Fires when a save took in another window's changes, so what this window shows is out of date. */
  get onDidMerge(): SyncedDatabase['onDidMerge'] {
    return this.core.onDidMerge;
  }

  /** Saves pending changes now; resolves when they are on disk. */
  flush(): Promise<void> {
    return this.core.flush();
  }

  /** Picks up changes another window saved; true when the in-memory copy was replaced. */
  reloadIfChanged(): Promise<boolean> {
    return this.core.reloadIfChanged();
  }

  /** Why changes are not being saved, if they are not. */
  get readOnly(): string | undefined {
    return this.core.readOnly;
  }

  /** Saves what is pending and frees the database. */
  close(): Promise<void> {
    return this.core.close();
  }
}

const USAGE_SQL = {
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

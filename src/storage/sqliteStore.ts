import type { SqlJsStatic } from 'sql.js';
import type { HistoryRepository, Store, SyncSource, TaskWithCommits, UsageRepository } from '../app/ports';
import type { Interval } from '../domain/intervals';
import type { Machine } from '../domain/machine';
import type { PastTask } from '../domain/secondOpinion';
import type { AgentSession, TaskCommit } from '../domain/session';
import type { Task } from '../domain/task';
import type { UsageRecord, UsageSum } from '../domain/tokens';
import { SqliteAttention } from './attentionRepository';
import { SqliteCommits } from './commitRepository';
import { SqliteHistory } from './historyRepository';
import type { StoreNotice } from './openRecord';
import { SqliteSessions } from './sessionRepository';
import type { SqlSession } from './sqlSession';
import { SyncedDatabase, type StoreOptions } from './syncedDatabase';
import { SqliteTasks } from './taskRepository';
import { SqliteUsageRepository } from './usageRepository';

export type { StoreOptions } from './syncedDatabase';

/** What syncVersion summarises: what the sync file holds, the stopped and deleted tasks (by count and update times) and their commits. */
const PUBLISHED = 'stopped_at IS NOT NULL OR deleted_at IS NOT NULL';
/**
 * One pass over each table (it runs after every change while syncing). A running task and its
 * commits are left out: they change all the time and reach the file only once the task stops.
 */
const SYNC_VERSION = `SELECT * FROM
  (SELECT count(CASE WHEN ${PUBLISHED} THEN 1 END), total(CASE WHEN ${PUBLISHED} THEN updated_at END), max(CASE WHEN ${PUBLISHED} THEN updated_at END) FROM tasks),
  (SELECT count(*), total(authored_at) FROM commits WHERE task_id NOT IN (SELECT id FROM tasks WHERE NOT (${PUBLISHED})))`;

/**
 * Every repository the use cases persist through, over one synced database file (see
 * syncedDatabase.ts for how several windows share it and how saves stay safe under faults).
 */
export class SqliteTaskStore implements Store, UsageRepository, HistoryRepository, SyncSource {
  private readonly tasks: SqliteTasks;
  private readonly sessions: SqliteSessions;
  private readonly commits: SqliteCommits;
  private readonly attention: SqliteAttention;
  private readonly usage: SqliteUsageRepository;
  private readonly history: SqliteHistory;
  /** What repositories in their own files use: statements by SQL text and the change hook. */
  readonly sqlSession: SqlSession;

  private constructor(private readonly core: SyncedDatabase) {
    this.tasks = new SqliteTasks(core);
    this.sessions = new SqliteSessions(core);
    this.commits = new SqliteCommits(core);
    this.attention = new SqliteAttention(core);
    this.sqlSession = {
      run: (sql, params) => core.run(sql, params ?? []),
      all: (sql, params, map) => core.all(sql, params, map),
      change: (apply) => core.change(apply),
    };
    this.usage = new SqliteUsageRepository(this.sqlSession);
    this.history = new SqliteHistory(this.sqlSession);
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

  syncPage(afterId: string, limit: number): TaskWithCommits[] {
    const tasks = this.tasks.page(afterId, limit);
    if (tasks.length === 0) return [];
    const commits = new Map<string, TaskCommit[]>(tasks.map((t) => [t.id, []]));
    for (const c of this.commits.commitsBetween(tasks[0].id, tasks[tasks.length - 1].id)) commits.get(c.taskId)?.push(c);
    return tasks.map((task) => ({ task, commits: commits.get(task.id)! }));
  }

  syncVersion(): string {
    return this.core.all(SYNC_VERSION, [], (row) => row.join(' '))[0] ?? '';
  }

  /** Builds the in-memory task index ahead of need (called when the extension host is idle). */
  warm(): void {
    this.tasks.warm();
  }

  otherMachines(): Machine[] {
    return this.tasks.otherMachines();
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

  session(id: string): AgentSession | undefined {
    return this.sessions.session(id);
  }

  recordSessionsBetween(from: number, to: number): AgentSession[] {
    return this.sessions.recordSessionsBetween(from, to);
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

  pastTasks(limit: number): PastTask[] {
    return this.history.pastTasks(limit);
  }

  putAttention(taskId: string, intervals: readonly Interval[], updatedAt: number): void {
    this.attention.putAttention(taskId, intervals, updatedAt);
  }

  attentionOfTask(taskId: string): Interval[] {
    return this.attention.attentionOfTask(taskId);
  }

  putUsage(records: readonly UsageRecord[]): void {
    this.usage.putUsage(records);
  }

  usageBetween(from: number, to: number): UsageSum[] {
    return this.usage.usageBetween(from, to);
  }

  compactUsage(now: number): boolean {
    return this.usage.compactUsage(now);
  }

  logCheckpoints(): Map<string, unknown> {
    return this.usage.logCheckpoints();
  }

  putLogCheckpoint(path: string, checkpoint: unknown): void {
    this.usage.putLogCheckpoint(path, checkpoint);
  }

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

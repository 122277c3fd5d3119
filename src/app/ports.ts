import type { Interval } from '../domain/intervals';
import type { Machine } from '../domain/machine';
import type { PastTask } from '../domain/secondOpinion';
import type { AgentSession, TaskCommit } from '../domain/session';
import type { MachineRecord } from '../domain/syncMerge';
import type { Task } from '../domain/task';
import type { UsageRecord, UsageSum } from '../domain/tokens';

/** Persistence of tasks; implemented over sql.js in `src/storage`. */
export interface TaskRepository {
  /** The running task of a workspace, if any. */
  running(workspace: string): Task | undefined;
  get(id: string): Task | undefined;
  /** All tasks started in [from, to) epoch ms, oldest first; all tasks when no range is given. */
  list(range?: { from: number; to: number }): Task[];
  /** Inserts or replaces a task; the change is saved soon (debounced). */
  put(task: Task): void;
  /** Writes pending changes to disk now. */
  flush(): Promise<void>;
  /** Prepares fast range reads ahead of need (the panel's), off the activation path. */
  warm(): void;
  /** The other machines live tasks came from (read from the sync folder); one renamed meanwhile may come twice; one query, no task read. */
  otherMachines(): Machine[];
}

/** Persistence of agent sessions. */
export interface SessionRepository {
  putSession(session: AgentSession): void;
  sessionsOfTask(taskId: string): AgentSession[];
  /** Sessions not attached to any task, newest first (sessions from agents' records excluded). */
  unattributedSessions(): AgentSession[];
  session(id: string): AgentSession | undefined;
  /** Sessions read from agents' records with activity in [from, to], oldest first. */
  recordSessionsBetween(from: number, to: number): AgentSession[];
}

/** Persistence of the commits linked to tasks. */
export interface CommitRepository {
  /** Replaces the commits of one repository linked to a task (so amends and rebases never duplicate). */
  replaceCommits(taskId: string, repo: string, commits: readonly TaskCommit[]): void;
  commitsOfTask(taskId: string): TaskCommit[];
  /** Number of commits per task id (one query for a whole table). */
  commitCounts(): Map<string, number>;
}

/** The user's past estimates with the measured shape of each task, which the second opinion compares with. */
export interface HistoryRepository {
  /** Up to `limit` stopped tasks with an estimate, most recently started first, commits summed per task (one query). */
  pastTasks(limit: number): PastTask[];
}

/** Persistence of the supervisory attention intervals of a task. */
export interface AttentionRepository {
  putAttention(taskId: string, intervals: readonly Interval[], updatedAt: number): void;
  attentionOfTask(taskId: string): Interval[];
}

/** Persistence of token usage read from agent logs, and of the log scanner's progress. */
export interface UsageRepository {
  /** Adds usage; a key seen before keeps whichever copy has the most tokens. */
  putUsage(records: readonly UsageRecord[]): void;
  /** Usage in [from, to] summed per working folder and model (usage past the dedup horizon by the hour). */
  usageBetween(from: number, to: number): UsageSum[];
  /** After a complete scan: folds a slice of the per-response usage past the dedup horizon into sums; true while more remains. */
  compactUsage(now: number): boolean;
  /** The scanner's saved per-file progress (opaque JSON, by file path). */
  logCheckpoints(): Map<string, unknown>;
  putLogCheckpoint(path: string, checkpoint: unknown): void;
}

/** Everything the use cases persist in the record (token usage lives apart: UsageRepository). */
export type Store = TaskRepository & SessionRepository & CommitRepository & AttentionRepository;

/** A stored task with the commits linked to it, ordered by time and hash. */
export interface TaskWithCommits {
  readonly task: Task;
  readonly commits: TaskCommit[];
}

/** What the sync folder needs beyond the Store: the whole record, tombstones included, a page at a time. */
export interface SyncSource {
  /**
   * Up to `limit` tasks (deleted ones included) whose ids sort after `afterId` ('' for the first
   * page), by id, each with its commits. Paging by id never returns a task twice or skips one that
   * existed throughout, whatever changes between pages.
   */
  syncPage(afterId: string, limit: number): TaskWithCommits[];
  /** A cheap summary that changes whenever what the sync file holds may have changed (one aggregate pass over tasks and commits, no rows returned). */
  syncVersion(): string;
}

/** A file in the sync folder that was not taken in, and why. */
export interface SkippedFile {
  readonly file: string;
  readonly reason: string;
}

/** What one look at the sync folder found: the records of files that changed and are whole, and the files skipped. */
export interface FolderScan {
  readonly records: MachineRecord[];
  readonly skipped: SkippedFile[];
}

/** The sync folder as the sync loop uses it (implemented in `src/storage/syncFolder.ts`). */
export interface SyncFolderPort {
  readonly folder: string;
  /** Records of the machine files that changed and are whole; files skipped, with why. Throws when the folder cannot be read. */
  readChanged(): Promise<FolderScan>;
  /** Writes this machine's file if its content changed; throws when it cannot (missing folder, permissions, full disk). */
  write(record: MachineRecord): Promise<boolean>;
}

/** Creates unique ids (UUIDs in production). */
export interface IdSource {
  newId(): string;
}

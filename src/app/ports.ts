import type { Task } from '../domain/task';

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
}

/** Creates unique task ids (UUIDs in production). */
export interface IdSource {
  newId(): string;
}

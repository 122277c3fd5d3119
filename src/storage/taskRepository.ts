import type { TaskRepository } from '../app/ports';
import type { Machine } from '../domain/machine';
import type { Task } from '../domain/task';
import type { SyncedDatabase } from './syncedDatabase';
import { machineParams, SET_TASK_MACHINE, TASK_COLUMNS, taskFromRow, taskParams, UPSERT_TASK } from './taskRows';

const GET = `SELECT ${TASK_COLUMNS} FROM tasks WHERE id = ?`;
// A task from another machine is never this window's running task, even with the same folder.
const RUNNING = `SELECT ${TASK_COLUMNS} FROM tasks WHERE workspace = ? AND stopped_at IS NULL AND deleted_at IS NULL AND machine_id IS NULL ORDER BY started_at DESC LIMIT 1`;
const PAGE = `SELECT ${TASK_COLUMNS} FROM tasks WHERE id > ? ORDER BY id LIMIT ?`;
const LIST_ALL = `SELECT ${TASK_COLUMNS} FROM tasks WHERE deleted_at IS NULL ORDER BY started_at, id`;
const OTHER_MACHINES = `SELECT DISTINCT machine_id, coalesce(machine_name, machine_id) FROM tasks WHERE machine_id IS NOT NULL AND deleted_at IS NULL`;
const LIST_RANGE = `SELECT ${TASK_COLUMNS} FROM tasks WHERE started_at >= ? AND started_at < ? AND deleted_at IS NULL ORDER BY started_at, id`;

/** Tasks over the synced database, with an in-memory index sorted by start for range reads. */
export class SqliteTasks implements Omit<TaskRepository, 'flush'> {
  private cache: Task[] | undefined;
  /** Once the index has been built, reads keep using it (rebuilt after another window's save). */
  private indexed = false;

  constructor(private readonly core: SyncedDatabase) {
    core.onReplaced(() => {
      this.cache = undefined;
    });
  }

  running(workspace: string): Task | undefined {
    return this.core.all(RUNNING, [workspace], taskFromRow)[0];
  }

  get(id: string): Task | undefined {
    return this.core.all(GET, [id], taskFromRow)[0];
  }

  list(range?: { from: number; to: number }): Task[] {
    // Until the index is built (see warm), a range is one indexed query: cheap for a day's tasks,
    // so activation (the status bar's "today") never pays for reading every task.
    if (range && !this.indexed) return this.core.all(LIST_RANGE, [range.from, range.to], taskFromRow);
    const tasks = this.taskCache();
    if (!range) return tasks.slice();
    return tasks.slice(lowerBound(tasks, range.from), lowerBound(tasks, range.to));
  }

  put(task: Task): void {
    this.core.change(() => {
      this.core.run(UPSERT_TASK, taskParams(task));
      if (task.machine) this.core.run(SET_TASK_MACHINE, machineParams(task));
    });
    if (this.cache) this.refreshCached(task.id);
  }

  /** Up to `limit` tasks after `afterId` by id, deleted ones included (their rows are the tombstones other machines need). */
  page(afterId: string, limit: number): Task[] {
    return this.core.all(PAGE, [afterId, limit], taskFromRow);
  }

  /** The other machines live tasks came from; a name that changed may list a machine twice (machinesOf keeps one). */
  otherMachines(): Machine[] {
    return this.core.all(OTHER_MACHINES, [], (row) => ({ id: String(row[0]), name: String(row[1]) }));
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
    this.cache ??= this.core.all(LIST_ALL, [], taskFromRow);
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
}

/** Index of the first task starting at or after `ms` in a list sorted by start. */
function lowerBound(tasks: readonly Task[], ms: number): number {
  let lo = 0,
    hi = tasks.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (tasks[mid].startedAt < ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

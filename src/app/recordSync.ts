import { type Machine } from '../domain/machine';
import type { TaskCommit } from '../domain/session';
import { incomingWins, mergeRecords, type MachineRecord, type SyncEntry } from '../domain/syncMerge';
import { isRunning, type Task } from '../domain/task';
import type { Store, SyncSource } from './ports';

/** Tasks taken in between two yields to the event loop. */
const APPLY_SLICE = 200;

/** Commits grouped by task id. */
function byTask(commits: readonly TaskCommit[]): Map<string, TaskCommit[]> {
  const groups = new Map<string, TaskCommit[]>();
  for (const c of commits) {
    const list = groups.get(c.taskId);
    if (list) list.push(c);
    else groups.set(c.taskId, [c]);
  }
  return groups;
}

/**
 * One record across machines: what this machine publishes to the sync folder, and how what the
 * others published is taken in (by id, newer `updatedAt` wins, deletions carry over; see
 * syncMerge.ts). Reading and writing the files is the adapter's job; this holds no I/O.
 */
export class RecordSync {
  /**
   * Per machine, the `updatedAt` of each task as last taken in from its file. A copy seen before
   * cannot win now (the record here only ever moves to newer copies), so a file that changed in
   * one task costs one comparison, not one per task.
   */
  private readonly seen = new Map<string, Map<string, number>>();

  constructor(
    private readonly store: Store & SyncSource,
    private readonly self: Machine,
  ) {}

  /** Changes whenever the snapshot may have changed; cheap (no rows read). */
  version(): string {
    return this.store.syncVersion();
  }

  /** This machine as others see it. */
  get machine(): Machine {
    return this.self;
  }

  /**
   * What this machine publishes: every stopped or deleted task it knows (its own and those it took
   * in, so a record survives a machine that is gone), each with its commits. A running task stays
   * here until it stops: its figures are measured on this machine only.
   */
  snapshot(): MachineRecord {
    const commits = byTask(this.store.allCommits());
    const entries = this.store
      .everyTask()
      .filter((t) => !isRunning(t) || t.deletedAt !== undefined)
      .map((t) => this.entryOf(t, commits.get(t.id) ?? []));
    return { machine: this.self, entries };
  }

  /**
   * Takes in the records other machines (and other windows of this one) published; resolves to
   * how many tasks changed here. Each task keeps the machine it was recorded on. A first sync of
   * thousands of tasks (~0.2 ms each) runs in slices with a yield between, so the host stays responsive.
   */
  async apply(records: readonly MachineRecord[]): Promise<number> {
    const merged = [...mergeRecords(records.map((r) => this.unseen(r))).values()].filter(
      (e) => !isRunning(e.task) || e.task.deletedAt !== undefined,
    );
    const local = this.localEntries(merged.map((e) => e.task.id));
    let changed = 0;
    for (let at = 0; at < merged.length; at += APPLY_SLICE) {
      if (at > 0) await new Promise((resolve) => setTimeout(resolve, 0));
      for (const entry of merged.slice(at, at + APPLY_SLICE)) if (this.take(entry, local(entry.task.id))) changed++;
    }
    for (const r of records) this.seen.set(r.machine.id, new Map(r.entries.map((e) => [e.task.id, e.task.updatedAt])));
    return changed;
  }

  /** Stores another machine's copy of a task, with its commits, when it wins over the copy here; true when it did. */
  private take(entry: SyncEntry, here: SyncEntry | undefined): boolean {
    if (!incomingWins(here, entry)) return false;
    this.store.put(this.localTask(entry.task));
    // The copy read before a yield may be out of date: the store keeps the newer row, and then the commits stay too.
    if (this.store.get(entry.task.id)?.updatedAt !== entry.task.updatedAt) return false;
    const repos = new Set([...(here?.commits ?? []), ...entry.commits].map((c) => c.repo));
    for (const repo of repos) {
      const linked = entry.commits.filter((c) => c.repo === repo).map((c) => ({ ...c, taskId: entry.task.id }));
      this.store.replaceCommits(entry.task.id, repo, linked);
    }
    return true;
  }

  /** The part of a machine's record not taken in before (remembered once `apply` has taken it in). */
  private unseen(record: MachineRecord): MachineRecord {
    const before = this.seen.get(record.machine.id);
    return before ? { ...record, entries: record.entries.filter((e) => before.get(e.task.id) !== e.task.updatedAt) } : record;
  }

  /** Local copies of the given tasks: read one by one when they are few, all at once when many (a first sync). */
  private localEntries(ids: readonly string[]): (id: string) => SyncEntry | undefined {
    const stored = (task: Task | undefined, commits: readonly TaskCommit[]) => task && this.entryOf(task, commits);
    if (ids.length < 100) return (id) => stored(this.store.get(id), this.store.commitsOfTask(id));
    const commits = byTask(this.store.allCommits());
    const tasks = new Map(this.store.everyTask().map((t) => [t.id, t]));
    return (id) => stored(tasks.get(id), commits.get(id) ?? []);
  }

  /** A stored task as it travels: its origin always named. */
  private entryOf(task: Task, commits: readonly TaskCommit[]): SyncEntry {
    return { task: { ...task, machine: task.machine ?? this.self }, commits };
  }

  /** A travelling task as it is stored here: "this machine" is no origin. */
  private localTask(task: SyncEntry['task']): Task {
    if (task.machine.id !== this.self.id) return task;
    const { machine: _machine, ...own } = task;
    return own;
  }
}

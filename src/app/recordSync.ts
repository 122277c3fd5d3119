import { type Machine } from '../domain/machine';
import type { TaskCommit } from '../domain/session';
import { incomingWins, mergeRecords, type MachineRecord, type SyncEntry } from '../domain/syncMerge';
import { isRunning, type Task } from '../domain/task';
import type { Store, SyncSource } from './ports';

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
   * Takes in the records other machines (and other windows of this one) published; returns how
   * many tasks changed here. Each task keeps the machine it was recorded on.
   */
  apply(records: readonly MachineRecord[]): number {
    const merged = [...mergeRecords(records).values()].filter((e) => !isRunning(e.task) || e.task.deletedAt !== undefined);
    if (merged.length === 0) return 0;
    const commits = byTask(this.store.allCommits());
    const local = new Map(this.store.everyTask().map((t) => [t.id, this.entryOf(t, commits.get(t.id) ?? [])]));
    let changed = 0;
    for (const entry of merged) {
      const here = local.get(entry.task.id);
      if (!incomingWins(here, entry)) continue;
      this.store.put(this.localTask(entry.task));
      const repos = new Set([...(here?.commits ?? []), ...entry.commits].map((c) => c.repo));
      for (const repo of repos) {
        const linked = entry.commits.filter((c) => c.repo === repo).map((c) => ({ ...c, taskId: entry.task.id }));
        this.store.replaceCommits(entry.task.id, repo, linked);
      }
      changed++;
    }
    return changed;
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

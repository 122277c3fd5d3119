import { originOf, type Machine } from '../domain/machine';
import type { TaskCommit } from '../domain/session';
import { incomingWins, mergeEntry, type MachineRecord, type SyncEntry } from '../domain/syncMerge';
import { isRunning, type Task } from '../domain/task';
import type { Store, SyncSource } from './ports';
import { Slicer, yieldToLoop } from './slices';

/**
 * Tasks read from the store in one synchronous step. A page is one SQL statement for the tasks and
 * one for their commits; sql.js reads ~10 µs a row, so 200 tasks with a few commits each take a
 * few milliseconds, and the yield between pages keeps the host responsive at any record size.
 */
export const SYNC_PAGE = 200;

/** True for the tasks a machine publishes: stopped or deleted ones (a running task's figures are measured here only). */
function published(task: Task): boolean {
  return !isRunning(task) || task.deletedAt !== undefined;
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

  /** Changes whenever the snapshot may have changed; cheap (one aggregate pass, no rows returned). */
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
   * here until it stops: its figures are measured on this machine only. Read a page at a time
   * with yields between (see SYNC_PAGE); a task changed meanwhile moves the store's version, so the
   * sync loop writes again.
   */
  async snapshot(): Promise<MachineRecord> {
    const entries: SyncEntry[] = [];
    for await (const page of this.pages()) for (const entry of page) if (published(entry.task)) entries.push(entry);
    return { machine: this.self, entries };
  }

  /**
   * Takes in the records other machines (and other windows of this one) published; resolves to
   * how many tasks changed here. Each task keeps the machine it was recorded on. A first sync of
   * thousands of tasks (~0.2 ms each) and a merge of several machines' copies of them run in time
   * slices (slices.ts) with yields between, so the host stays responsive.
   */
  async apply(records: readonly MachineRecord[]): Promise<number> {
    const slicer = new Slicer();
    const byId = new Map<string, SyncEntry>();
    for (const record of records) {
      for (const entry of this.unseen(record)) {
        mergeEntry(byId, entry);
        await slicer.pause();
      }
    }
    const merged = [...byId.values()].filter((e) => published(e.task));
    const local = await this.localEntries(merged.map((e) => e.task.id));
    let changed = 0;
    for (const entry of merged) {
      if (this.take(entry, local(entry.task.id))) changed++;
      await slicer.pause();
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

  /** The entries of a machine's record not taken in before (remembered once `apply` has taken them in). */
  private unseen(record: MachineRecord): readonly SyncEntry[] {
    const before = this.seen.get(record.machine.id);
    return before ? record.entries.filter((e) => before.get(e.task.id) !== e.task.updatedAt) : record.entries;
  }

  /** Local copies of the given tasks: read one by one when they are few, page by page when many (a first sync). */
  private async localEntries(ids: readonly string[]): Promise<(id: string) => SyncEntry | undefined> {
    if (ids.length < 100)
      return (id) => {
        const task = this.store.get(id);
        return task && this.entryOf(task, this.store.commitsOfTask(id));
      };
    const here = new Map<string, SyncEntry>();
    for await (const page of this.pages()) for (const entry of page) here.set(entry.task.id, entry);
    return (id) => here.get(id);
  }

  /** Every stored task with its commits, deleted ones included, a page at a time with a yield between pages. */
  private async *pages(): AsyncGenerator<SyncEntry[]> {
    for (let after = ''; ;) {
      const page = this.store.syncPage(after, SYNC_PAGE);
      if (page.length > 0) yield page.map(({ task, commits }) => this.entryOf(task, commits));
      if (page.length < SYNC_PAGE) return;
      after = page[page.length - 1].task.id;
      await yieldToLoop();
    }
  }

  /** A stored task as it travels: its origin always named. */
  private entryOf(task: Task, commits: readonly TaskCommit[]): SyncEntry {
    return { task: { ...task, machine: originOf(task, this.self) }, commits };
  }

  /** A travelling task as it is stored here: "this machine" is no origin. */
  private localTask(task: SyncEntry['task']): Task {
    if (task.machine.id !== this.self.id) return task;
    const { machine: _machine, ...own } = task;
    return own;
  }
}

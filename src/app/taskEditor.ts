import type { Clock } from '../domain/clock';
import { parseEstimate, parseMinutes } from '../domain/estimate';
import { editedAt, isRunning, isStopped, roundMinutes, normaliseTitle, type Task } from '../domain/task';
import type { ImportRow } from '../domain/record';
import type { EditableField } from '../domain/record';
import type { Store } from './ports';
import type { TaskService } from './taskService';
import type { Outcome } from '../domain/outcome';

/** FNV-1a, 52 bits: a stable id for a spreadsheet row so re-importing the sheet adds nothing. */
function contentId(text: string): string {
  let h1 = 0x811c9dc5,
    h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
  }
  return `sheet-${h1.toString(16).padStart(8, '0')}${(h2 & 0xfffff).toString(16).padStart(5, '0')}`;
}

/** Corrections and bulk changes to the record: edit, delete with undo, merge, import. */
export class TaskEditor {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly service: TaskService,
  ) {}

  /** Changes one field; the value is parsed like the prompts parse it. Corrected minutes become `user`. */
  edit(taskId: string, field: EditableField, value: string): Outcome<Task> {
    const task = this.store.get(taskId);
    if (!task || task.deletedAt !== undefined) return { ok: false, message: 'That task no longer exists.' };
    const now = editedAt(task, this.clock.now());
    let updated: Task;
    switch (field) {
      case 'title': {
        const title = normaliseTitle(value);
        if (!title.ok) return title;
        updated = { ...task, title: title.value, updatedAt: now };
        break;
      }
      case 'estimate': {
        const hours = parseEstimate(value);
        if (!hours.ok) return hours;
        updated = { ...task, humanHours: hours.value, updatedAt: now };
        break;
      }
      case 'aiMinutes':
      case 'supMinutes': {
        if (isRunning(task))
          return { ok: false, message: 'Minutes of a running task are still being measured; correct them when you stop it.' };
        const minutes = parseMinutes(value);
        if (!minutes.ok) return minutes;
        updated =
          field === 'aiMinutes'
            ? { ...task, aiMinutes: roundMinutes(minutes.value), aiSource: 'user', updatedAt: now }
            : { ...task, supMinutes: roundMinutes(minutes.value), supSource: 'user', updatedAt: now };
        break;
      }
    }
    this.store.put(updated);
    this.service.onDidChange.fire();
    return { ok: true, value: updated };
  }

  /** Marks a task deleted (undoable); a running task cannot be deleted, stop it first. */
  delete(taskId: string): Outcome<Task> {
    const task = this.store.get(taskId);
    if (!task || task.deletedAt !== undefined) return { ok: false, message: 'That task no longer exists.' };
    if (isRunning(task)) return { ok: false, message: 'Stop the task before deleting it.' };
    const now = editedAt(task, this.clock.now());
    const deleted = { ...task, deletedAt: now, updatedAt: now };
    this.store.put(deleted);
    this.service.onDidChange.fire();
    return { ok: true, value: deleted };
  }

  /** Brings back a deleted task. */
  undoDelete(taskId: string): Outcome<Task> {
    const task = this.store.get(taskId);
    if (!task) return { ok: false, message: 'That task no longer exists.' };
    const restored: Task = { ...task, deletedAt: undefined, updatedAt: editedAt(task, this.clock.now()) };
    this.store.put(restored);
    this.service.onDidChange.fire();
    return { ok: true, value: restored };
  }

  /**
   * Merges `mergeId` into `keepId` (e.g. a task split by mistake): the kept task spans both,
   * estimates, minutes and tokens add up, sessions and commits move over; the other is deleted.
   */
  merge(keepId: string, mergeId: string): Outcome<Task> {
    const keep = this.store.get(keepId);
    const other = this.store.get(mergeId);
    if (!keep || !other || keep.deletedAt !== undefined || other.deletedAt !== undefined || keepId === mergeId)
      return { ok: false, message: 'Choose two different existing tasks to merge.' };
    if (!isStopped(keep) || !isStopped(other)) return { ok: false, message: 'Stop both tasks before merging them.' };
    const sum = (a: number | undefined, b: number | undefined): number | undefined =>
      a === undefined && b === undefined ? undefined : (a ?? 0) + (b ?? 0);
    const now = editedAt(keep.updatedAt > other.updatedAt ? keep : other, this.clock.now());
    const merged: Task = {
      ...keep,
      startedAt: Math.min(keep.startedAt, other.startedAt),
      stoppedAt: Math.max(keep.stoppedAt, other.stoppedAt),
      humanHours: sum(keep.humanHours, other.humanHours),
      aiMinutes: sum(keep.aiMinutes, other.aiMinutes),
      aiSource: keep.aiSource === other.aiSource ? keep.aiSource : 'user',
      supMinutes: sum(keep.supMinutes, other.supMinutes),
      supSource: keep.supSource === other.supSource ? keep.supSource : 'user',
      tokens: sum(keep.tokens, other.tokens),
      updatedAt: now,
    };
    for (const session of this.store.sessionsOfTask(mergeId)) this.store.putSession({ ...session, taskId: keepId, updatedAt: now });
    const commits = this.store.commitsOfTask(mergeId);
    for (const repo of new Set(commits.map((c) => c.repo))) {
      const moved = commits.filter((c) => c.repo === repo).map((c) => ({ ...c, taskId: keepId }));
      const kept = this.store.commitsOfTask(keepId).filter((c) => c.repo === repo);
      this.store.replaceCommits(keepId, repo, [...kept, ...moved]);
      this.store.replaceCommits(mergeId, repo, []);
    }
    this.store.put(merged);
    this.store.put({ ...other, deletedAt: now, updatedAt: now });
    this.service.onDidChange.fire();
    return { ok: true, value: merged };
  }

  /** Adds imported rows as stopped tasks; rows whose id already exists are skipped (merge by id). */
  importRows(rows: readonly ImportRow[]): { added: number; skipped: number } {
    let added = 0,
      skipped = 0;
    const seen = new Map<string, number>();
    for (const row of rows) {
      const base = `${row.title}|${row.startedAt}|${row.humanHours}|${row.aiMinutes}|${row.supMinutes}|${row.tokens}`;
      const occurrence = (seen.get(base) ?? 0) + 1;
      seen.set(base, occurrence);
      const id = row.id ?? contentId(`${base}|${occurrence}`);
      if (this.store.get(id)) {
        skipped++;
        continue;
      }
      this.store.put({
        id,
        title: row.title,
        workspace: '',
        startedAt: row.startedAt,
        stoppedAt: row.stoppedAt,
        humanHours: row.humanHours,
        aiMinutes: row.aiMinutes,
        aiSource: row.aiMinutes === undefined ? undefined : 'imported',
        supMinutes: row.supMinutes,
        supSource: row.supMinutes === undefined ? undefined : 'imported',
        tokens: row.tokens,
        tokensSource: row.tokens === undefined ? undefined : 'imported',
        updatedAt: this.clock.now(),
      });
      added++;
    }
    if (added > 0) this.service.onDidChange.fire();
    return { added, skipped };
  }
}

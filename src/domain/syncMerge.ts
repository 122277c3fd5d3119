import type { Machine } from './machine';
import type { TaskCommit } from './session';
import type { Task } from './task';

/**
 * One task as machines exchange it: the task with its origin machine always named (never "this
 * machine", which means a different one to every reader) and the commits linked to it, which the
 * panel counts. A deleted task travels as its row with `deletedAt` set: the tombstone.
 */
export interface SyncEntry {
  readonly task: Task & { readonly machine: Machine };
  readonly commits: readonly TaskCommit[];
}

/** What one machine publishes: who it is and every task it knows. */
export interface MachineRecord {
  readonly machine: Machine;
  readonly entries: readonly SyncEntry[];
  /**
   * The writer's record version when it wrote them (SyncSource.syncVersion): a window that finds
   * its machine's file at the version it would write leaves the file as it is.
   */
  readonly version?: string;
}

/**
 * JSON with object keys sorted, so equal content gives equal text on every machine whatever order
 * its fields were built in. Undefined fields are left out, as JSON.stringify does.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const fields = Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${fields.join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * True when `incoming` should replace `local`: it is new here, or its `updatedAt` is later (a
 * deletion is a change like any other, so a tombstone newer than the row wins and an undo newer
 * than the tombstone wins back). Equal `updatedAt` with different content is settled by the
 * larger canonical text, the same answer on every machine, so all machines converge on one copy;
 * identical copies change nothing.
 */
export function incomingWins(local: SyncEntry | undefined, incoming: SyncEntry): boolean {
  if (!local) return true;
  if (incoming.task.updatedAt !== local.task.updatedAt) return incoming.task.updatedAt > local.task.updatedAt;
  return tieKey(incoming) > tieKey(local);
}

/** The content two copies are compared by: the origin by id only (a renamed machine changes no task). */
function tieKey(entry: SyncEntry): string {
  return canonicalJson({ ...entry, task: { ...entry.task, machine: entry.task.machine.id } });
}

/**
 * Adds one copy of a task to a merge of several machines' records: `merged` keeps the newest copy
 * of each task, by id, and ends the same whatever order the copies came in. One copy per call, so
 * a caller can pause between copies.
 */
export function mergeEntry(merged: Map<string, SyncEntry>, entry: SyncEntry): void {
  if (incomingWins(merged.get(entry.task.id), entry)) merged.set(entry.task.id, entry);
}

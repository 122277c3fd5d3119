import { createHash } from 'node:crypto';
import type { SqlValue } from 'sql.js';
import type { Machine } from '../domain/machine';
import type { MachineRecord, SyncEntry } from '../domain/syncMerge';
import type { TaskCommit } from '../domain/session';
import { commitFromRow, commitParams } from './sessionRows';
import { TASK_COLUMNS, taskFromRow, taskParams } from './taskRows';

/**
 * One machine's sync file: a JSON document, then a footer line with the byte length and SHA-256
 * of that document. A file still arriving (a sync tool copying it, a write cut short) has no
 * footer, or one that does not match, so it is never half-read: it is skipped until it is whole.
 *
 *   {"format":"leverage-record-sync","version":1,"machine":{…},"tasks":[{"task":{…},"commits":[…]}]}
 *   #leverage-sync bytes=1234 sha256=…
 *
 * Tasks are written column by column as the record stores them (the same validation reads them
 * back), commits as rows of the commits table.
 */
export const SYNC_FORMAT = 'leverage-record-sync';
/** The file version this build writes and reads; a newer file is left alone (and said so). */
export const SYNC_VERSION = 1;
/** File names in the sync folder: `<machine id>.leverage-sync`; anything else there is not ours. */
export const SYNC_FILE = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.leverage-sync$/;

/** The file name a machine writes. */
export function syncFileName(machine: Machine): string {
  return `${machine.id}.leverage-sync`;
}

const FOOTER = /\n#leverage-sync bytes=(\d+) sha256=([0-9a-f]{64})\n$/;
const COLUMNS = TASK_COLUMNS.split(', ');

/** The file's bytes for a machine's record. */
export function encodeSyncFile(record: MachineRecord): Buffer {
  const tasks = record.entries.map((e) => ({
    task: Object.fromEntries(Object.entries(taskParams(e.task)).map(([k, v]) => [k.slice(1), v])),
    machine: e.task.machine,
    commits: e.commits.map(commitParams),
  }));
  const body = Buffer.from(`${JSON.stringify({ format: SYNC_FORMAT, version: SYNC_VERSION, machine: record.machine, tasks })}\n`, 'utf8');
  const footer = `#leverage-sync bytes=${body.length} sha256=${createHash('sha256').update(body).digest('hex')}\n`;
  return Buffer.concat([body, Buffer.from(footer, 'utf8')]);
}

/** A decoded file, or why it was skipped (`incomplete`: try again when it changes). */
export type DecodedSyncFile =
  { readonly ok: true; readonly record: MachineRecord } | { readonly ok: false; readonly incomplete: boolean; readonly reason: string };

class Malformed extends Error {}

function object(raw: unknown, what: string): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Malformed(`${what} is not an object`);
  return raw as Record<string, unknown>;
}

function machineOf(raw: unknown): Machine {
  const m = object(raw, 'machine');
  if (typeof m.id !== 'string' || !SYNC_FILE.test(`${m.id}.leverage-sync`) || typeof m.name !== 'string')
    throw new Malformed('machine has no id or name');
  return { id: m.id, name: m.name.slice(0, 200) };
}

function sqlValue(v: unknown): v is SqlValue {
  return v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
}

function entryOf(raw: unknown): SyncEntry {
  const e = object(raw, 'task entry');
  const fields = object(e.task, 'task');
  const row = COLUMNS.map((c) => fields[c] ?? null);
  if (!row.every(sqlValue)) throw new Malformed('a task field is neither text, number nor empty');
  const [id, title, , startedAt] = row;
  const updatedAt = fields.updated_at;
  if (typeof id !== 'string' || typeof title !== 'string' || typeof startedAt !== 'number' || typeof updatedAt !== 'number')
    throw new Malformed('a task lacks its id, title, start or update time');
  if (!Array.isArray(e.commits)) throw new Malformed('a task has no commit list');
  const commits = e.commits.map((c): TaskCommit => {
    const text = (v: unknown) => typeof v === 'string';
    const count = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
    if (!Array.isArray(c) || c.length !== 8 || !c.every((v, i) => (i < 4 ? text(v) : count(v))))
      throw new Malformed('a commit is not a row');
    return { ...commitFromRow(c), taskId: id };
  });
  return { task: { ...taskFromRow(row), machine: machineOf(e.machine) }, commits };
}

/** Reads a sync file; anything short of a whole, checked, well-formed document is refused, never half-read. */
export function decodeSyncFile(bytes: Buffer): DecodedSyncFile {
  const tail = bytes.subarray(Math.max(0, bytes.length - 200)).toString('latin1');
  const footer = FOOTER.exec(tail);
  if (!footer) return { ok: false, incomplete: true, reason: 'it is incomplete (no end marker yet)' };
  const length = Number(footer[1]);
  // The match starts with the document's own last newline.
  const bodyEnd = bytes.length - footer[0].length + 1;
  if (length !== bodyEnd)
    return { ok: false, incomplete: true, reason: `its length does not match (${bodyEnd} bytes, marker says ${length})` };
  const body = bytes.subarray(0, length);
  if (createHash('sha256').update(body).digest('hex') !== footer[2])
    return { ok: false, incomplete: true, reason: 'its checksum does not match (still being copied?)' };
  try {
    const doc = object(JSON.parse(body.toString('utf8')), 'the file');
    if (doc.format !== SYNC_FORMAT) throw new Malformed('it is not a Leverage Record sync file');
    if (typeof doc.version !== 'number' || doc.version > SYNC_VERSION)
      return {
        ok: false,
        incomplete: false,
        reason: `it was written by a newer version (format ${String(doc.version)}); update the extension`,
      };
    if (!Array.isArray(doc.tasks)) throw new Malformed('it has no task list');
    return { ok: true, record: { machine: machineOf(doc.machine), entries: doc.tasks.map(entryOf) } };
  } catch (err) {
    if (err instanceof SyntaxError || err instanceof Malformed)
      return { ok: false, incomplete: false, reason: `it is malformed: ${err.message}` };
    throw err;
  }
}

import { createHash } from 'node:crypto';
import type { SqlValue } from 'sql.js';
import { asMachine, MACHINE_ID, type Machine } from '../domain/machine';
import type { MachineRecord, SyncEntry } from '../domain/syncMerge';
import type { TaskCommit } from '../domain/session';
import { commitFromRow, commitParams } from './sessionRows';
import { TASK_COLUMNS, taskFromRow, taskParams } from './taskRows';
import { SLICE_MS, Slicer, yieldToLoop } from '../app/slices';

/**
 * One machine's sync file, in JSON Lines: a header line, one line per task, then a footer line
 * with the byte length and SHA-256 of everything above it. A file still arriving (a sync tool
 * copying it, a write cut short) has no footer, or one that does not match, so it is never
 * half-read: it is skipped until it is whole, and nothing in it is taken in before the check.
 *
 *   {"format":"leverage-record-sync","version":2,"machine":{…}}
 *   {"task":{…},"machine":{…},"commits":[[…],…]}
 *   …
 *   #leverage-sync bytes=1234 sha256=…
 *
 * Lines, not one document, so a 10,000-task file (~8 MB) is written, hashed, checked and parsed
 * in slices with yields between (slices.ts): one JSON.stringify or JSON.parse of the whole held
 * the extension host for ~100 ms. Tasks are written column by column as the record stores them
 * (the same validation reads them back), commits as rows of the commits table.
 */
const SYNC_FORMAT = 'leverage-record-sync';
/**
 * The file version this build writes and reads; a newer file is left alone (and said so). Version 1
 * (one JSON document) was never released, so it is refused rather than read.
 */
export const SYNC_VERSION = 2;
/** File names in the sync folder: `<machine id>.leverage-sync`; anything else there is not ours. */
export const SYNC_FILE = new RegExp(`^(${MACHINE_ID.source.slice(1, -1)})\\.leverage-sync$`);

/** The file name a machine writes. */
export function syncFileName(machine: Machine): string {
  return `${machine.id}.leverage-sync`;
}

const FOOTER = /\n#leverage-sync bytes=(\d+) sha256=([0-9a-f]{64})\n$/;
const COLUMNS = TASK_COLUMNS.split(', ');
/** A header is a few hundred bytes; a longer first line is no header (and is not parsed whole). */
const HEADER_MAX = 64 * 1024;
const NEWLINE = 0x0a;

/** How much is done between yields: tests make both tiny to put slice boundaries everywhere. */
export interface SliceBudget {
  /** Milliseconds of encoding or parsing (see Slicer). */
  readonly ms: number;
  /** Bytes hashed in one step while checking a file. */
  readonly hashBytes: number;
}

/** SHA-256 runs at several hundred MB/s: 1 MB is a few milliseconds. */
const SLICES: SliceBudget = { ms: SLICE_MS, hashBytes: 1 << 20 };

/** One task's line (without its newline). */
function entryLine(e: SyncEntry): string {
  const task = Object.fromEntries(Object.entries(taskParams(e.task)).map(([k, v]) => [k.slice(1), v]));
  return JSON.stringify({ task, machine: e.task.machine, commits: e.commits.map(commitParams) });
}

/** The file's bytes for a machine's record, built and hashed in slices with yields between. */
export async function encodeSyncFile(record: MachineRecord, budget: SliceBudget = SLICES): Promise<Buffer> {
  const slicer = new Slicer(budget.ms);
  const hash = createHash('sha256');
  const chunks: Buffer[] = [];
  const header = { format: SYNC_FORMAT, version: SYNC_VERSION, machine: record.machine, recordVersion: record.version };
  let lines: string[] = [`${JSON.stringify(header)}\n`];
  // Each slice's lines become bytes and are hashed before the yield, so no step handles the whole file.
  const flush = () => {
    const chunk = Buffer.from(lines.join(''), 'utf8');
    hash.update(chunk);
    chunks.push(chunk);
    lines = [];
  };
  for (const entry of record.entries) {
    lines.push(`${entryLine(entry)}\n`);
    if (slicer.due()) {
      flush();
      await slicer.pause();
    }
  }
  flush();
  const length = chunks.reduce((sum, c) => sum + c.length, 0);
  chunks.push(Buffer.from(`#leverage-sync bytes=${length} sha256=${hash.digest('hex')}\n`, 'utf8'));
  return Buffer.concat(chunks);
}

/** The end marker of an encoded file: it names the body's length and checksum, so equal markers mean equal files. */
export function endMarkerOf(bytes: Buffer): string {
  return bytes.toString('latin1', bytes.lastIndexOf(NEWLINE, bytes.length - 2) + 1);
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
  const machine = asMachine(object(raw, 'machine'));
  if (machine === undefined) throw new Malformed('machine has no id or name');
  return machine;
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

/** The SHA-256 of `bytes`, a slice at a time with yields between. */
async function sha256(bytes: Buffer, sliceBytes: number): Promise<string> {
  const hash = createHash('sha256');
  for (let at = 0; at < bytes.length; at += sliceBytes) {
    if (at > 0) await yieldToLoop();
    hash.update(bytes.subarray(at, at + sliceBytes));
  }
  return hash.digest('hex');
}

/** The header's machine and record version, or why the file is left alone. */
function headerOf(line: string): { readonly machine: Machine; readonly version?: string } | { readonly newer: string } {
  const doc = object(JSON.parse(line), 'the header');
  if (doc.format !== SYNC_FORMAT) throw new Malformed('it is not a Leverage Record sync file');
  if (typeof doc.version !== 'number' || doc.version > SYNC_VERSION) return { newer: String(doc.version) };
  if (doc.version < SYNC_VERSION) throw new Malformed(`format ${doc.version} was never released`);
  return { machine: machineOf(doc.machine), version: typeof doc.recordVersion === 'string' ? doc.recordVersion : undefined };
}

/**
 * Reads a sync file; anything short of a whole, checked, well-formed file is refused, never
 * half-read. The checksum is verified (in slices) before any line is parsed, and the lines are
 * parsed in slices with yields between; a malformed line refuses the whole file.
 */
export async function decodeSyncFile(bytes: Buffer, budget: SliceBudget = SLICES): Promise<DecodedSyncFile> {
  const tail = bytes.subarray(Math.max(0, bytes.length - 200)).toString('latin1');
  const footer = FOOTER.exec(tail);
  if (!footer) return { ok: false, incomplete: true, reason: 'it is incomplete (no end marker yet)' };
  const length = Number(footer[1]);
  // The match starts with the body's own last newline.
  const bodyEnd = bytes.length - footer[0].length + 1;
  if (length !== bodyEnd)
    return { ok: false, incomplete: true, reason: `its length does not match (${bodyEnd} bytes, marker says ${length})` };
  const body = bytes.subarray(0, length);
  if ((await sha256(body, budget.hashBytes)) !== footer[2])
    return { ok: false, incomplete: true, reason: 'its checksum does not match (still being copied?)' };
  try {
    const headerEnd = body.indexOf(NEWLINE);
    if (headerEnd > HEADER_MAX) throw new Malformed('its first line is not a header');
    const header = headerOf(body.toString('utf8', 0, headerEnd));
    if ('newer' in header)
      return { ok: false, incomplete: false, reason: `it was written by a newer version (format ${header.newer}); update the extension` };
    const slicer = new Slicer(budget.ms);
    const entries: SyncEntry[] = [];
    for (let at = headerEnd + 1; at < body.length;) {
      const end = body.indexOf(NEWLINE, at);
      entries.push(entryOf(JSON.parse(body.toString('utf8', at, end))));
      at = end + 1;
      await slicer.pause();
    }
    return { ok: true, record: { machine: header.machine, entries, ...(header.version === undefined ? {} : { version: header.version }) } };
  } catch (err) {
    if (err instanceof SyntaxError || err instanceof Malformed)
      return { ok: false, incomplete: false, reason: `it is malformed: ${err.message}` };
    throw err;
  }
}

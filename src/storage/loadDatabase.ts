import * as fs from 'node:fs';
import type { Database, SqlJsStatic } from 'sql.js';
import { assertWholeDatabase, stampOf, type FileStamp } from './durableFile';
import { generationsOf } from './generations';
import { schemaVersion } from './migrations';
import { errorMessage } from '../domain/errorMessage';

/** What is at the database's path. */
export type FileState =
  | { readonly kind: 'absent' }
  | { readonly kind: 'sound'; readonly db: Database; readonly stamp: FileStamp }
  /** Cannot be a database: empty, cut, random bytes, a folder. Safe to move aside. */
  | { readonly kind: 'damaged'; readonly reason: string; readonly stamp: FileStamp }
  /** Could be sound but cannot be read now (permissions, I/O): left alone, read again later. */
  | { readonly kind: 'unreadable'; readonly reason: string };

/** How a file is checked: `thorough` reads every page (PRAGMA quick_check), `quick` only its header and schema. */
export type Check = 'thorough' | 'quick';

/**
 * Reads and validates the file at `file` without taking the lock (files are only ever renamed into
 * place). Opening checks thoroughly; reloading another window's save checks quickly, because that
 * file was verified byte for byte before it was renamed into place, and a full check of a large
 * record would block the extension host (about 30 ms for 15 MB).
 */
export async function readState(sql: SqlJsStatic, file: string, check: Check = 'thorough'): Promise<FileState> {
  let stamp: FileStamp | undefined;
  try {
    stamp = await stampOf(file);
  } catch (err) {
    return { kind: 'unreadable', reason: describe(err) };
  }
  if (!stamp) return { kind: 'absent' };
  let bytes: Uint8Array;
  try {
    bytes = await fs.promises.readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EISDIR') return { kind: 'damaged', reason: 'is a folder, not a file', stamp };
    if (code === 'ENOENT') return readState(sql, file, check); // replaced between stat and read
    return { kind: 'unreadable', reason: describe(err) };
  }
  if (bytes.length === 0) return { kind: 'damaged', reason: 'is empty (0 bytes)', stamp };
  const loaded = tryLoad(sql, bytes, check);
  return 'db' in loaded
    ? { kind: 'sound', db: loaded.db, stamp }
    : { kind: 'damaged', reason: `is not a readable database (${loaded.error})`, stamp };
}

/** The newest sound generation (`.bak`, then daily copies), loaded, or undefined if none is. */
export async function newestSoundGeneration(
  sql: SqlJsStatic,
  file: string,
): Promise<{ db: Database; from: string; version: number } | undefined> {
  for (const candidate of await generationsOf(file)) {
    const bytes = await fs.promises.readFile(candidate).catch(() => undefined);
    if (!bytes || bytes.length === 0) continue;
    const loaded = tryLoad(sql, bytes);
    if ('db' in loaded) return { db: loaded.db, from: candidate, version: schemaVersion(loaded.db) };
  }
  return undefined;
}

/** Opens bytes as a database and checks they really are one; sql.js only notices on first query. */
function tryLoad(sql: SqlJsStatic, bytes: Uint8Array, check: Check = 'thorough'): { db: Database } | { error: string } {
  let db: Database | undefined;
  try {
    if (check === 'quick') assertWholeDatabase(bytes);
    db = new sql.Database(bytes);
    if (check === 'quick') {
      db.exec('SELECT count(*) FROM sqlite_master'); // throws on a damaged first page
    } else {
      const result = db.exec('PRAGMA quick_check');
      const verdict = String(result[0]?.values[0]?.[0] ?? '');
      if (verdict !== 'ok') throw new Error(`integrity check: ${verdict}`);
    }
    return { db };
  } catch (err) {
    db?.close();
    return { error: errorMessage(err) };
  }
}

/** A one-line reason from an error with what to do about it, e.g. "permission denied (EACCES): ...". */
export function describe(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'EACCES' || e?.code === 'EPERM') return `permission denied (${e.code}): check the permissions of the file and its folder`;
  if (e?.code === 'ENOSPC') return `the disk is full (${e.message}): free some space`;
  if (e?.code === 'EROFS') return 'the file system is read-only (EROFS)';
  return errorMessage(err);
}

import * as fs from 'node:fs';
import type { Database, SqlJsStatic } from 'sql.js';
import { stampOf, type FileStamp } from './durableFile';
import { generationsOf } from './generations';
import { schemaVersion } from './migrations';

/** What is at the database's path. */
export type FileState =
  | { readonly kind: 'absent' }
  | { readonly kind: 'sound'; readonly db: Database; readonly stamp: FileStamp }
  /** Cannot be a database: empty, cut, random bytes, a folder. Safe to move aside. */
  | { readonly kind: 'damaged'; readonly reason: string; readonly stamp: FileStamp }
  /** Could be sound but cannot be read now (permissions, I/O): left alone, read again later. */
  | { readonly kind: 'unreadable'; readonly reason: string };

/** Reads and validates the file at `file` without taking the lock (files are only ever renamed into place). */
export async function readState(sql: SqlJsStatic, file: string): Promise<FileState> {
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
    if (code === 'ENOENT') return readState(sql, file); // replaced between stat and read
    return { kind: 'unreadable', reason: describe(err) };
  }
  if (bytes.length === 0) return { kind: 'damaged', reason: 'is empty (0 bytes)', stamp };
  const loaded = tryLoad(sql, bytes);
  return 'db' in loaded ? { kind: 'sound', db: loaded.db, stamp } : { kind: 'damaged', reason: `is not a readable database (${loaded.error})`, stamp };
}

/** The newest sound generation (`.bak`, then daily copies), loaded, or undefined if none is. */
export async function newestSoundGeneration(sql: SqlJsStatic, file: string): Promise<{ db: Database; from: string; version: number } | undefined> {
  for (const candidate of await generationsOf(file)) {
    const bytes = await fs.promises.readFile(candidate).catch(() => undefined);
    if (!bytes || bytes.length === 0) continue;
    const loaded = tryLoad(sql, bytes);
    if ('db' in loaded) return { db: loaded.db, from: candidate, version: schemaVersion(loaded.db) };
  }
  return undefined;
}

/** Opens bytes as a database and checks they really are one; sql.js only notices on first query. */
export function tryLoad(sql: SqlJsStatic, bytes: Uint8Array): { db: Database } | { error: string } {
  let db: Database | undefined;
  try {
    db = new sql.Database(bytes);
    const check = db.exec('PRAGMA quick_check');
    const verdict = String(check[0]?.values[0]?.[0] ?? '');
    if (verdict !== 'ok') throw new Error(`integrity check: ${verdict}`);
    return { db };
  } catch (err) {
    db?.close();
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

/** A one-line reason from an error, e.g. "permission denied (EACCES)". */
export function describe(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'EACCES' || e?.code === 'EPERM') return `permission denied (${e.code})`;
  return err instanceof Error ? err.message : String(err);
}

import type { SqlValue } from 'sql.js';

/** Positional or named parameters of a statement. */
export type SqlParams = SqlValue[] | Record<string, SqlValue>;

/**
 * What a repository needs from the synced database file: prepared-statement access (cached by
 * SQL text, freed before every export) and the store's change hook, which applies a change now and
 * replays it on top of another window's save before writing (see SqliteTaskStore).
 */
export interface SqlSession {
  run(sql: string, params?: SqlParams): void;
  all<T>(sql: string, params: SqlParams, map: (row: SqlValue[]) => T): T[];
  change(apply: () => void): void;
}

/** Runs `body` in one transaction: one journal commit for a whole batch instead of one per row. */
export function inTransaction(session: SqlSession, body: () => void): void {
  session.run('BEGIN');
  try {
    body();
    session.run('COMMIT');
  } catch (err) {
    session.run('ROLLBACK');
    throw err;
  }
}

import * as path from 'node:path';
import type { SqlJsStatic } from 'sql.js';
import type { UsageRecord } from '../domain/tokens';
import type { StoreNotice } from './openRecord';
import { SqliteTaskStore, type StoreOptions } from './sqliteStore';
import { yieldToLoop } from '../app/slices';
import { bucketsFromRow, SqliteUsageRepository } from './usageRepository';

/** Rows moved per transaction, with a yield between, when an old record is split (as in a first scan). */
const MOVE_BATCH = 500;

const SQL = {
  holdsLegacy: 'SELECT 1 FROM token_usage UNION ALL SELECT 1 FROM log_files LIMIT 1',
  legacyPage: `SELECT rowid, key, agent, timestamp, session_id, cwd, model, input, output, cache_creation, cache_read
    FROM token_usage WHERE rowid > ? ORDER BY rowid LIMIT ${MOVE_BATCH}`,
} as const;

/** The token-usage file kept next to the record: `leverage.sqlite` → `leverage-usage.sqlite`. */
export function usageFileOf(recordFile: string): string {
  return path.join(path.dirname(recordFile), `${path.basename(recordFile, '.sqlite')}-usage.sqlite`);
}

/** The opened token-usage file, and the move of an old record's usage into it, running on. */
export interface OpenedUsage {
  readonly store: SqliteTaskStore;
  readonly notice?: StoreNotice;
  /**
   * Settles when an old record's usage has moved over (at once when there is none), with the
   * number of responses moved. Scans wait for it; opening does not, since a heavy year takes seconds.
   */
  readonly moved: Promise<number>;
}

/**
 * Opens the token-usage file: a synced database of its own, with the same lock and reload-merge
 * as the record (it is opened as a SqliteTaskStore too; only its usage tables are used), saved
 * after log scans rather than on every task edit, so the record, saved every 30 s while a task
 * runs, stays the size of its tasks. A record from before the split starts moving (see moveLegacyUsage).
 */
export async function openUsageFile(sql: SqlJsStatic, record: SqliteTaskStore, options: StoreOptions): Promise<OpenedUsage> {
  const opened = await SqliteTaskStore.open(sql, options);
  const legacy = record.sqlSession;
  const holdsLegacy =
    opened.store.readOnly === undefined && record.readOnly === undefined && legacy.all(SQL.holdsLegacy, [], () => true).length > 0;
  return { ...opened, moved: holdsLegacy ? moveLegacyUsage(record, opened.store) : Promise.resolve(0) };
}

/**
 * A record from before the split still holds one `token_usage` row per response and the scanner's
 * progress: they move over in batches (yielding between), are saved, and only then are removed
 * from the record and that is saved. A crash in between only repeats the copy, which changes
 * nothing (responses are upserted by key, checkpoints kept where present).
 */
async function moveLegacyUsage(record: SqliteTaskStore, usage: SqliteTaskStore): Promise<number> {
  const legacy = record.sqlSession;
  let after = 0;
  let moved = 0;
  for (;;) {
    const page = legacy.all(SQL.legacyPage, [after], (row) => ({ rowid: Number(row[0]), record: legacyRecord(row.slice(1)) }));
    if (page.length === 0) break;
    usage.putUsage(page.map((p) => p.record));
    moved += page.length;
    after = page[page.length - 1].rowid;
    await yieldToLoop();
  }
  new SqliteUsageRepository(usage.sqlSession).keepLogCheckpoints(record.logCheckpoints());
  await usage.flush();
  legacy.change(() => {
    legacy.run('DELETE FROM token_usage');
    legacy.run('DELETE FROM log_files');
  });
  legacy.run('VACUUM'); // give the space of a year of rows back; the record is saved much more often
  await record.flush();
  return moved;
}

/** A `token_usage` row (without its rowid) as the record it was stored from. */
function legacyRecord(row: readonly unknown[]): UsageRecord {
  const text = (v: unknown): string | undefined => (v === null ? undefined : String(v));
  return {
    key: String(row[0]),
    agent: String(row[1]),
    timestamp: Number(row[2]),
    sessionId: text(row[3]),
    cwd: text(row[4]),
    model: text(row[5]),
    ...bucketsFromRow(row, 6),
  };
}

import type { Database, SqlValue } from 'sql.js';
import type { UsageRecord, UsageSum } from '../../src/domain/tokens';
import { migrate, SCHEMA_VERSION } from '../../src/storage/migrations';
import { usageSumFromRow } from '../../src/storage/usageRepository';

/**
 * The layout before the usage redesign (issue 9): one `token_usage` row per response, kept forever,
 * keyed by its text key. Tests and the store benchmark build databases in it to migrate or compare.
 */
const UPSERT = `INSERT INTO token_usage (key, agent, timestamp, session_id, cwd, model, input, output, cache_creation, cache_read)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT(key) DO UPDATE SET agent = excluded.agent, timestamp = excluded.timestamp, session_id = excluded.session_id,
    cwd = excluded.cwd, model = excluded.model, input = excluded.input, output = excluded.output,
    cache_creation = excluded.cache_creation, cache_read = excluded.cache_read
  WHERE excluded.input + excluded.output + excluded.cache_creation + excluded.cache_read
      > token_usage.input + token_usage.output + token_usage.cache_creation + token_usage.cache_read`;

/** The old query behind usageBetween. */
const BETWEEN = `SELECT coalesce(cwd, ''), coalesce(model, ''), sum(input), sum(output), sum(cache_creation), sum(cache_read)
  FROM token_usage WHERE timestamp >= ? AND timestamp <= ? GROUP BY cwd, model`;

/** The last schema version with the `token_usage` table (found by migrating step by step, so renumbering cannot break it). */
export function legacyUsageVersion(newDatabase: () => Database): number {
  const db = newDatabase();
  try {
    for (let version = 1; version <= SCHEMA_VERSION; version++) {
      migrate(db, version);
      const tables = db.exec("SELECT name FROM sqlite_master WHERE type = 'table'")[0].values.flat();
      if (tables.includes('token_usage') && !tables.includes('usage_recent')) {
        const next = newDatabase();
        migrate(next, version + 1);
        const hasNew = next.exec("SELECT name FROM sqlite_master WHERE name = 'usage_recent'").length > 0;
        next.close();
        if (hasNew) return version;
      }
    }
    throw new Error('no schema version holds token_usage just before usage_recent');
  } finally {
    db.close();
  }
}

/** Row parameters of the old upsert. */
function params(r: UsageRecord): SqlValue[] {
  return [
    r.key,
    r.agent,
    r.timestamp,
    r.sessionId ?? null,
    r.cwd ?? null,
    r.model ?? null,
    r.input,
    r.output,
    r.cacheCreation,
    r.cacheRead,
  ];
}

/** Stores usage as the old store did: `perRow` runs one implicit transaction per response, as putUsage used to. */
export function putLegacyUsage(db: Database, records: Iterable<UsageRecord>, perRow = false): void {
  const stmt = db.prepare(UPSERT);
  if (!perRow) db.exec('BEGIN');
  for (const r of records) stmt.run(params(r));
  if (!perRow) db.exec('COMMIT');
  stmt.free();
}

/** The old usageBetween, sorted by folder and model. */
export function legacyUsageBetween(db: Database, from: number, to: number): UsageSum[] {
  const rows = db.exec(BETWEEN, [from, to])[0]?.values ?? [];
  return normalSums(rows.map(usageSumFromRow));
}

/**
 * Sums merged per (folder, model) in a stable order, to compare answers of both layouts (the old
 * query grouped a missing folder apart from an empty one; both read as '').
 */
export function normalSums(sums: readonly UsageSum[]): UsageSum[] {
  const merged = new Map<string, UsageSum>();
  for (const s of sums) {
    const key = `${s.cwd}\0${s.model}`;
    const m = merged.get(key);
    merged.set(
      key,
      m
        ? {
            ...m,
            input: m.input + s.input,
            output: m.output + s.output,
            cacheCreation: m.cacheCreation + s.cacheCreation,
            cacheRead: m.cacheRead + s.cacheRead,
          }
        : s,
    );
  }
  return [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, s]) => s);
}

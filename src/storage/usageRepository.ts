import type { UsageRepository } from '../app/ports';
import type { TokenBuckets, UsageRecord, UsageSum } from '../domain/tokens';
import { inTransaction, type SqlSession } from './sqlSession';
import { usageKeyId } from './usageKey';

/**
 * How long usage stays as one row per response. Duplicates of a response arrive while its log can
 * still be re-read (a replaced or resumed transcript re-yields old responses), and Claude Code
 * deletes transcripts after 30 days by default; five days more cover a scan that ran late.
 */
export const USAGE_HORIZON_MS = 35 * 24 * 3_600_000;

/**
 * Width of the buckets usage older than the horizon is summed into: an hour. For a heavy year
 * (a million responses) minute buckets measured ~300,000 rows, 9 MB, 60 % of the usage file,
 * growing by as much every year, and 0.2–0.6 s for a year's query; hour buckets ~15,000 rows,
 * 0.7 MB. Usage that old is read only to re-attribute a task reaching back over 35 days.
 */
export const USAGE_BUCKET_MS = 3_600_000;

/** Rows one compaction call sums: ~5 ms of the host at a time (measured median 10 ms for 1,000 on a busy machine). */
const COMPACT_SLICE = 500;

const ADD_SUMS =
  'input = input + excluded.input, output = output + excluded.output, cache_creation = cache_creation + excluded.cache_creation, cache_read = cache_read + excluded.cache_read';

/** Sums first, names after: the join then runs once per (folder, model), not once per row. */
function usageBetweenSql(indexHint: string): string {
  return `SELECT c.name, m.name, u.input, u.output, u.cache_creation, u.cache_read FROM (
      SELECT cwd, model, sum(input) AS input, sum(output) AS output, sum(cache_creation) AS cache_creation, sum(cache_read) AS cache_read FROM (
        SELECT cwd, model, input, output, cache_creation, cache_read FROM usage_recent ${indexHint} WHERE timestamp >= ? AND timestamp <= ?
        UNION ALL
        SELECT cwd, model, input, output, cache_creation, cache_read FROM usage_sums WHERE bucket >= ? AND bucket <= ?
      ) GROUP BY cwd, model
    ) u JOIN usage_names c ON c.id = u.cwd JOIN usage_names m ON m.id = u.model`;
}

const SQL = {
  watermark: "SELECT value FROM usage_meta WHERE key = 'watermark'",
  setWatermark: `INSERT INTO usage_meta (key, value) VALUES ('watermark', ?)
    ON CONFLICT(key) DO UPDATE SET value = max(value, excluded.value)`,
  intern: 'INSERT OR IGNORE INTO usage_names (name) VALUES (?)',
  nameId: 'SELECT id FROM usage_names WHERE name = ?',
  // The "copy with the most tokens" rule: a streamed response is logged as growing snapshots.
  upsert: `INSERT INTO usage_recent (id, timestamp, agent, cwd, model, input, output, cache_creation, cache_read)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT(id) DO UPDATE SET timestamp = excluded.timestamp, agent = excluded.agent, cwd = excluded.cwd, model = excluded.model,
      input = excluded.input, output = excluded.output, cache_creation = excluded.cache_creation, cache_read = excluded.cache_read
    WHERE excluded.input + excluded.output + excluded.cache_creation + excluded.cache_read > usage_recent.input + usage_recent.output + usage_recent.cache_creation + usage_recent.cache_read`,
  between: usageBetweenSql(''),
  // A span longer than the horizon covers most per-response rows: reading the table straight
  // through beats an index lookup per row (measured 13 against 35 ms for 28,000 rows).
  betweenLong: usageBetweenSql('NOT INDEXED'),
  anyOlder: 'SELECT 1 FROM usage_recent WHERE timestamp < ? LIMIT 1',
  nthOlder: 'SELECT timestamp FROM usage_recent WHERE timestamp < ? ORDER BY timestamp LIMIT 1 OFFSET ?',
  // Integer division: every row of one bucket lands on the same key.
  compact: `INSERT INTO usage_sums (bucket, agent, cwd, model, input, output, cache_creation, cache_read)
    SELECT timestamp / ${USAGE_BUCKET_MS}, agent, cwd, model, sum(input), sum(output), sum(cache_creation), sum(cache_read)
    FROM usage_recent WHERE timestamp < ? GROUP BY 1, 2, 3, 4
    ON CONFLICT (bucket, agent, cwd, model) DO UPDATE SET ${ADD_SUMS}`,
  dropCompacted: 'DELETE FROM usage_recent WHERE timestamp < ?',
  pages: 'SELECT freelist_count, page_count FROM pragma_freelist_count, pragma_page_count',
  logCheckpoints: 'SELECT path, checkpoint FROM log_files',
  putLogCheckpoint: 'INSERT OR REPLACE INTO log_files (path, checkpoint) VALUES (?, ?)',
  keepLogCheckpoint: 'INSERT OR IGNORE INTO log_files (path, checkpoint) VALUES (?, ?)',
} as const;

/**
 * Token usage in a bounded form. Responses newer than the watermark are kept one row each, keyed by
 * a 53-bit hash of their key, so a copy read again (a rescan, a resumed transcript) is counted once
 * and the copy with the most tokens wins. Once older than USAGE_HORIZON_MS they are compacted into
 * per-(agent, folder, model, hour) sums and the watermark moves up; usage older than the
 * watermark is dropped at ingest, since it was already counted. Folder, model and agent names are
 * interned (`usage_names`), so a row is a few dozen bytes.
 */
export class SqliteUsageRepository implements UsageRepository {
  constructor(private readonly db: SqlSession) {}

  putUsage(records: readonly UsageRecord[]): void {
    if (records.length === 0) return;
    // The change is replayed on another window's copy (see SqliteTaskStore), so names are resolved
    // to ids inside it, never cached across changes.
    this.db.change(() =>
      inTransaction(this.db, () => {
        const floor = this.watermark();
        const ids = new Map<string, number>();
        const id = (name: string): number => {
          let known = ids.get(name);
          if (known === undefined) {
            this.db.run(SQL.intern, [name]);
            known = this.db.all(SQL.nameId, [name], (row) => Number(row[0]))[0];
            ids.set(name, known);
          }
          return known;
        };
        for (const r of records) {
          if (r.timestamp < floor) continue;
          this.db.run(SQL.upsert, [
            usageKeyId(r.key),
            r.timestamp,
            id(r.agent),
            id(r.cwd ?? ''),
            id(r.model ?? ''),
            r.input,
            r.output,
            r.cacheCreation,
            r.cacheRead,
          ]);
        }
      }),
    );
  }

  /**
   * Usage in [from, to]: exact to the millisecond for responses newer than the watermark; older
   * usage counts by the hour it happened in (an hour whose start lies in the span counts whole).
   */
  usageBetween(from: number, to: number): UsageSum[] {
    const firstBucket = Math.ceil(from / USAGE_BUCKET_MS);
    const lastBucket = Math.floor(to / USAGE_BUCKET_MS);
    return this.db.all(to - from > USAGE_HORIZON_MS ? SQL.betweenLong : SQL.between, [from, to, firstBucket, lastBucket], usageSumFromRow);
  }

  /**
   * Sums per-response rows older than the horizon into hour buckets and raises the watermark,
   * about COMPACT_SLICE rows per call (a first scan of a year leaves a million): call again, yielding
   * in between, while it returns true. Call only after a complete scan: from then on, older usage is
   * dropped as already counted. Nothing changes, and nothing is saved, when nothing is that old.
   */
  compactUsage(now: number): boolean {
    const cutoff = Math.floor((now - USAGE_HORIZON_MS) / USAGE_BUCKET_MS) * USAGE_BUCKET_MS;
    const nth = this.db.all(SQL.nthOlder, [cutoff, COMPACT_SLICE], (row) => Number(row[0]));
    if (nth.length === 0 && this.db.all(SQL.anyOlder, [cutoff], () => true).length === 0) return false;
    // Slices end on an hour boundary, so no hour is left half per-response rows and half sums.
    const end = nth.length === 0 ? cutoff : Math.min(cutoff, (Math.floor(nth[0] / USAGE_BUCKET_MS) + 1) * USAGE_BUCKET_MS);
    this.db.change(() =>
      inTransaction(this.db, () => {
        this.db.run(SQL.compact, [end]);
        this.db.run(SQL.dropCompacted, [end]);
        this.db.run(SQL.setWatermark, [end]);
      }),
    );
    if (end < cutoff) return true;
    // A first scan or a migration leaves most pages free, and export() would still write them all;
    // later compactions free a day's rows at a time, which the next ingest reuses.
    const [free, pages] = this.db.all(SQL.pages, [], (row) => [Number(row[0]), Number(row[1])])[0];
    if (free * 4 > pages) this.db.run('VACUUM');
    return false;
  }

  logCheckpoints(): Map<string, unknown> {
    const map = new Map<string, unknown>();
    for (const [path, json] of this.db.all(SQL.logCheckpoints, [], (row) => [String(row[0]), String(row[1])] as const)) {
      try {
        map.set(path, JSON.parse(json));
      } catch {
        // A damaged checkpoint only means that file is read again from the start.
      }
    }
    return map;
  }

  putLogCheckpoint(path: string, checkpoint: unknown): void {
    const json = JSON.stringify(checkpoint);
    this.db.change(() => this.db.run(SQL.putLogCheckpoint, [path, json]));
  }

  /** Adds checkpoints of files this file has none for (a newer one here wins). */
  keepLogCheckpoints(checkpoints: ReadonlyMap<string, unknown>): void {
    if (checkpoints.size === 0) return;
    const entries = [...checkpoints].map(([path, value]) => [path, JSON.stringify(value)]);
    this.db.change(() =>
      inTransaction(this.db, () => {
        for (const params of entries) this.db.run(SQL.keepLogCheckpoint, params);
      }),
    );
  }

  /** Usage older than this (epoch ms) has been compacted; 0 before the first compaction. */
  private watermark(): number {
    return this.db.all(SQL.watermark, [], (row) => Number(row[0]))[0] ?? 0;
  }
}

/** The four token counts (input, output, cache creation, cache read) a row holds from column `at` on. */
export function bucketsFromRow(row: readonly unknown[], at: number): TokenBuckets {
  return { input: Number(row[at]), output: Number(row[at + 1]), cacheCreation: Number(row[at + 2]), cacheRead: Number(row[at + 3]) };
}

/** A row of (cwd, model, input, output, cache creation, cache read) sums. */
export function usageSumFromRow(row: readonly unknown[]): UsageSum {
  return { cwd: String(row[0]), model: String(row[1]), ...bucketsFromRow(row, 2) };
}

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import initSqlJs, { type Database, type SqlJsStatic } from 'sql.js';
import { median } from '../../src/domain/secondOpinion';
import type { UsageRecord, UsageSum } from '../../src/domain/tokens';
import { USAGE_BATCH } from '../../src/logs/tokenScanner';
import { replaceVerified } from '../../src/storage/durableFile';
import { migrate } from '../../src/storage/migrations';
import { SqliteTaskStore } from '../../src/storage/sqliteStore';
import { openUsageFile, usageFileOf } from '../../src/storage/usageFile';
import { legacyUsageBetween, legacyUsageVersion, putLegacyUsage } from '../storage/legacyUsage';
import { batches, heavyYearResponses, insertHeavyYearTasks, YEAR_END, YEAR_START } from './store/heavyYear';
import { measure } from './tokens/measure';

/**
 * The store for a heavy user's year (10,000 tasks, 1,000,000 agent responses) in the old layout
 * (one file; one `token_usage` row per response, kept forever) and the new one (the record, and a
 * usage file with hashed rows for 35 days and hour sums before), side by side, plus the new
 * usage tables kept inside the record for comparison. Prints medians; asserts nothing.
 */
const RUNS = 5;
const PER_ROW_SAMPLE = 20_000;
const RESPONSES = Number(process.env.STORE_BENCH_RESPONSES ?? 1_000_000);

async function medianMs(run: () => unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  return median(times);
}

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;
const ms = (value: number): string => (value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(1)} ms`);

function row(name: string, ...cells: string[]): void {
  console.log(`${name.padEnd(50)}${cells.map((c) => c.padStart(16)).join('')}`);
}

/** What opening (and reloading another window's save) costs in the store: read, load, integrity check. */
function load(SQL: SqlJsStatic, file: string): Database {
  const db = new SQL.Database(fs.readFileSync(file));
  db.exec('PRAGMA quick_check');
  return db;
}

/** Pieces of a save: export (synchronous, blocks the host), then the verified write (asynchronous I/O). */
async function saveCost(db: Database, scratch: string): Promise<{ exportMs: number; writeMs: number }> {
  let bytes: Uint8Array = new Uint8Array(0);
  const exportMs = await medianMs(() => (bytes = db.export()));
  const writeMs = await medianMs(() => replaceVerified(scratch, bytes, async () => true, true));
  return { exportMs, writeMs };
}

/** Memory of a separate process holding the file (see holdStore.ts). */
function memoryOf(file: string, mode: 'legacy' | 'store'): { rssMb: number; heapMb: number } {
  const out = execFileSync(process.execPath, ['--expose-gc', path.join(__dirname, 'store', 'holdStore.js'), file, mode], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out) as { rssMb: number; heapMb: number };
}

/** Sum and longest of the synchronous calls: what a first scan costs the extension host. */
function ingest(
  records: Iterable<UsageRecord[]>,
  put: (batch: UsageRecord[]) => void,
): { totalMs: number; longestMs: number; medianMs: number; count: number } {
  const times: number[] = [];
  let count = 0;
  for (const batch of records) {
    const t0 = performance.now();
    put(batch);
    times.push(performance.now() - t0);
    count += batch.length;
  }
  return { totalMs: times.reduce((a, b) => a + b, 0), longestMs: Math.max(...times), medianMs: median(times), count };
}

/** Both files of the new layout, opened as the extension opens them. */
async function openNew(SQL: SqlJsStatic, file: string): Promise<{ record: SqliteTaskStore; usage: SqliteTaskStore }> {
  const record = (await SqliteTaskStore.open(SQL, { file, saveDelayMs: 1e9 })).store;
  const opened = await openUsageFile(SQL, record, { file: usageFileOf(file), saveDelayMs: 1e9 });
  await opened.moved;
  const usage = opened.store;
  return { record, usage };
}

/** Runs compaction slice by slice as the scanner does: total, longest slice, calls. */
function compactAll(usage: SqliteTaskStore): { totalMs: number; longestMs: number; calls: number } {
  let totalMs = 0,
    longestMs = 0,
    calls = 0,
    more = true;
  while (more) {
    const t0 = performance.now();
    more = usage.compactUsage(YEAR_END);
    const took = performance.now() - t0;
    totalMs += took;
    longestMs = Math.max(longestMs, took);
    calls++;
  }
  return { totalMs, longestMs, calls };
}

/** Median time another window's store takes to pick up one save of `writer`. */
async function reloadCost(writer: SqliteTaskStore, reader: SqliteTaskStore, change: () => void): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    change();
    await writer.flush();
    const t0 = performance.now();
    await reader.reloadIfChanged();
    times.push(performance.now() - t0);
  }
  return median(times);
}

const total = (sums: readonly UsageSum[]): number => sums.reduce((s, u) => s + u.input + u.output + u.cacheCreation + u.cacheRead, 0);

async function main(): Promise<void> {
  const SQL = await initSqlJs();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leverage-store-bench-'));
  const oldFile = path.join(dir, 'old.sqlite'),
    newFile = path.join(dir, 'leverage.sqlite'),
    migratedDir = path.join(dir, 'migrated');
  const newUsageFile = usageFileOf(newFile),
    migratedFile = path.join(migratedDir, 'leverage.sqlite');
  console.log(`Heavy year: 10,000 tasks, ${RESPONSES.toLocaleString('en')} agent responses; medians of ${RUNS} runs; ${dir}`);

  const legacy = legacyUsageVersion(() => new SQL.Database());
  const base = new SQL.Database();
  migrate(base, legacy);
  insertHeavyYearTasks(base);
  const baseBytes = base.export();
  base.close();

  // First-scan ingest, one response per call (as putUsage was) on a sample, then batched.
  const sample = [...heavyYearResponses(PER_ROW_SAMPLE, 3)];
  const oldPerRow = new SQL.Database(baseBytes);
  const oldRow = ingest(
    sample.map((r) => [r]),
    (b) => putLegacyUsage(oldPerRow, b, true),
  );
  oldPerRow.close();
  const perRow = (await SqliteTaskStore.open(SQL, { file: path.join(dir, 'perrow.sqlite'), saveDelayMs: 1e9 })).store;
  const newRow = ingest(
    sample.map((r) => [r]),
    (b) => perRow.putUsage(b),
  );
  await perRow.close();

  const old = new SQL.Database(baseBytes);
  const oldBatched = ingest(batches(heavyYearResponses(RESPONSES), USAGE_BATCH), (b) => putLegacyUsage(old, b));
  fs.writeFileSync(oldFile, old.export());
  old.close();

  fs.writeFileSync(newFile, baseBytes);
  const built = await openNew(SQL, newFile);
  const newBatched = ingest(batches(heavyYearResponses(RESPONSES), USAGE_BATCH), (b) => built.usage.putUsage(b));
  const compaction = compactAll(built.usage);
  await Promise.all([built.record.close(), built.usage.close()]);

  // The one-time migration of an old heavy file: schema step on open, then the move in batches.
  fs.mkdirSync(migratedDir);
  fs.copyFileSync(oldFile, migratedFile);
  let openedAfterMs = 0;
  const migration = await measure(async () => {
    const t0 = performance.now();
    const record = (await SqliteTaskStore.open(SQL, { file: migratedFile, saveDelayMs: 1e9 })).store;
    const opened = await openUsageFile(SQL, record, { file: usageFileOf(migratedFile), saveDelayMs: 1e9 });
    openedAfterMs = performance.now() - t0; // activation waits for this much only; the move runs on
    await opened.moved;
    return { record, usage: opened.store };
  });
  const migrated = migration.value;
  const migratedCompaction = compactAll(migrated.usage);
  await Promise.all([migrated.record.close(), migrated.usage.close()]);

  // The same steps the store takes, on each file.
  const scratch = path.join(dir, 'scratch.sqlite');
  const files = [oldFile, newFile, newUsageFile];
  const dbs = files.map((f) => load(SQL, f));
  const combined = load(SQL, newUsageFile); // the new layout kept in one file, for comparison
  insertHeavyYearTasks(combined);
  const combinedSize = combined.export().length;
  const saves = [];
  for (const db of [...dbs, combined]) saves.push(await saveCost(db, scratch));
  const opens = [];
  for (const f of files) opens.push(await medianMs(() => load(SQL, f).close()));
  const oldQuery = await medianMs(() => legacyUsageBetween(dbs[0], YEAR_START, YEAR_END));
  const oldTotal = total(legacyUsageBetween(dbs[0], YEAR_START, YEAR_END));
  for (const db of [...dbs, combined]) db.close();

  // The real stores on the new files: open, a save, another window's reload, a year's query.
  const storeOpen = await medianMs(async () => {
    const { record, usage } = await openNew(SQL, newFile);
    await Promise.all([record.close(), usage.close()]);
  });
  const a = await openNew(SQL, newFile),
    b = await openNew(SQL, newFile);
  let n = 0;
  const putTask = (): void => a.record.put({ id: `bench-${n++}`, title: 'bench', workspace: '', startedAt: YEAR_END, updatedAt: YEAR_END });
  const putBatch = (): void =>
    a.usage.putUsage([...heavyYearResponses(USAGE_BATCH, 100 + n++)].map((r) => ({ ...r, timestamp: YEAR_END - 60_000 })));
  const recordSave = await medianMs(async () => {
    putTask();
    await a.record.flush();
  });
  const usageSave = await medianMs(async () => {
    putBatch();
    await a.usage.flush();
  });
  const recordReload = await reloadCost(a.record, b.record, putTask);
  const usageReload = await reloadCost(a.usage, b.usage, putBatch);
  const newQuery = await medianMs(() => b.usage.usageBetween(YEAR_START, YEAR_END));
  const newTotal = total(b.usage.usageBetween(YEAR_START, YEAR_END)) - total(b.usage.usageBetween(YEAR_END - 60_000, YEAR_END - 60_000));
  await Promise.all([a.record.close(), a.usage.close(), b.record.close(), b.usage.close()]);
  const oldMemory = memoryOf(oldFile, 'legacy'),
    newMemory = memoryOf(newFile, 'store');

  row('', 'old: one file', 'new: record', 'new: usage', 'new in one file');
  row('file size', mb(fs.statSync(oldFile).size), mb(fs.statSync(newFile).size), mb(fs.statSync(newUsageFile).size), mb(combinedSize));
  row('save: export() (one synchronous piece)', ...saves.map((c) => ms(c.exportMs)));
  row('save: write, fsync, read-back, backups, rename (async)', ...saves.map((c) => ms(c.writeMs)));
  row('save through the store (one change, all of it)', '', ms(recordSave), ms(usageSave));
  row('open: read, load, integrity check', ...opens.map(ms));
  row('open through the stores (both files)', '', ms(storeOpen));
  row("reload after another window's save", ms(opens[0]), ms(recordReload), ms(usageReload));
  row("a year's usageBetween", ms(oldQuery), '', ms(newQuery));
  row('memory of a process holding it (RSS)', `${oldMemory.rssMb.toFixed(0)} MB`, `${newMemory.rssMb.toFixed(0)} MB`, '(both files)');
  row(
    `first scan, a call per response (${PER_ROW_SAMPLE / 1000}k sample)`,
    `${((oldRow.totalMs * 1000) / oldRow.count).toFixed(1)} µs each`,
    '',
    `${((newRow.totalMs * 1000) / newRow.count).toFixed(1)} µs each`,
  );
  row('  → for 1,000,000 responses', ms((oldRow.totalMs / oldRow.count) * 1e6), '', ms((newRow.totalMs / newRow.count) * 1e6));
  row(`first scan in batches of ${USAGE_BATCH}: all of it`, ms(oldBatched.totalMs), '', ms(newBatched.totalMs));
  row('  one batch (one synchronous piece): median', ms(oldBatched.medianMs), '', ms(newBatched.medianMs));
  row('  longest batch', ms(oldBatched.longestMs), '', ms(newBatched.longestMs));
  row(`  then compaction: ${compaction.calls} slices, all of it`, '', '', ms(compaction.totalMs));
  row('  longest slice (the last one vacuums)', '', '', ms(compaction.longestMs));
  row('one-time migration of the old file (open + move)', '', ms(migration.ms));
  row('  of which opening both files (all that activation waits for)', '', ms(openedAfterMs));
  row('  its longest synchronous piece (event-loop delay)', '', ms(migration.maxLoopDelayMs));
  row(`  then compaction (${migratedCompaction.calls} slices), longest slice`, '', '', ms(migratedCompaction.longestMs));
  row('  migrated sizes after compaction', '', mb(fs.statSync(migratedFile).size), mb(fs.statSync(usageFileOf(migratedFile)).size));
  row("a year's total tokens (must match)", oldTotal.toLocaleString('en'), '', newTotal.toLocaleString('en'));
  fs.rmSync(dir, { recursive: true, force: true });
}

void main();

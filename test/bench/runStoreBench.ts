import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import initSqlJs, { type Database, type SqlJsStatic } from 'sql.js';
import type { UsageRecord } from '../../src/domain/tokens';
import { USAGE_BATCH } from '../../src/logs/tokenScanner';
import { writeFileAtomic } from '../../src/storage/atomicFile';
import { migrate } from '../../src/storage/migrations';
import { SqliteTaskStore } from '../../src/storage/sqliteStore';
import { legacyUsageBetween, legacyUsageVersion, putLegacyUsage } from '../storage/legacyUsage';
import { batches, heavyYearResponses, insertHeavyYearTasks, YEAR_END, YEAR_START } from './store/heavyYear';

/**
 * The store for a heavy user's year (10,000 tasks, 1,000,000 agent responses) in the old layout
 * (one `token_usage` row per response, kept forever) and the new one (hashed rows for 35 days,
 * minute sums before), side by side. Prints medians; asserts nothing.
 */
const RUNS = 5;
const PER_ROW_SAMPLE = 20_000;
const RESPONSES = Number(process.env.STORE_BENCH_RESPONSES ?? 1_000_000);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

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
  console.log(`${name.padEnd(52)}${cells.map((c) => c.padStart(18)).join('')}`);
}

/** What opening (and reloading another window's save) costs in the store: read, load, integrity check. */
function load(SQL: SqlJsStatic, file: string): Database {
  const db = new SQL.Database(fs.readFileSync(file));
  db.exec('PRAGMA quick_check');
  return db;
}

/** Host-blocking pieces of a save: export, then the synchronous atomic write. */
async function saveCost(db: Database, scratch: string): Promise<{ exportMs: number; writeMs: number }> {
  let bytes: Uint8Array = new Uint8Array(0);
  const exportMs = await medianMs(() => (bytes = db.export()));
  const writeMs = await medianMs(() => writeFileAtomic(scratch, bytes));
  return { exportMs, writeMs };
}

/** Memory of a separate process holding the file (see holdStore.ts). */
function memoryOf(file: string, mode: 'legacy' | 'store'): { rssMb: number; heapMb: number } {
  const out = execFileSync(process.execPath, ['--expose-gc', path.join(__dirname, 'store', 'holdStore.js'), file, mode], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out) as { rssMb: number; heapMb: number };
}

/** Sum and longest of the synchronous calls: what a first scan costs the extension host. */
function ingest(records: Iterable<UsageRecord[]>, put: (batch: UsageRecord[]) => void): { totalMs: number; longestMs: number; count: number } {
  let totalMs = 0, longestMs = 0, count = 0;
  for (const batch of records) {
    const t0 = performance.now();
    put(batch);
    const took = performance.now() - t0;
    totalMs += took;
    longestMs = Math.max(longestMs, took);
    count += batch.length;
  }
  return { totalMs, longestMs, count };
}

/** A copy of `source` keeping only some tables' rows, vacuumed: the sizes the two files would have if usage lived apart. */
function splitSize(SQL: SqlJsStatic, source: string, emptied: readonly string[]): number {
  const db = load(SQL, source);
  for (const table of emptied) db.exec(`DELETE FROM ${table}`);
  db.exec('VACUUM');
  const size = db.export().length;
  db.close();
  return size;
}

async function main(): Promise<void> {
  const SQL = await initSqlJs();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leverage-store-bench-'));
  const oldFile = path.join(dir, 'old.sqlite'), newFile = path.join(dir, 'new.sqlite'), migratedFile = path.join(dir, 'migrated.sqlite');
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
  const oldRow = ingest(sample.map((r) => [r]), (b) => putLegacyUsage(oldPerRow, b, true));
  oldPerRow.close();
  fs.writeFileSync(path.join(dir, 'perrow.sqlite'), baseBytes);
  const perRowStore = (await SqliteTaskStore.open(SQL, { file: path.join(dir, 'perrow.sqlite'), saveDelayMs: 1e9 })).store;
  const newRow = ingest(sample.map((r) => [r]), (b) => perRowStore.putUsage(b));
  await perRowStore.close();

  const old = new SQL.Database(baseBytes);
  const oldBatched = ingest(batches(heavyYearResponses(RESPONSES), USAGE_BATCH), (b) => putLegacyUsage(old, b));
  fs.writeFileSync(oldFile, old.export());
  old.close();

  fs.writeFileSync(newFile, baseBytes);
  const store = (await SqliteTaskStore.open(SQL, { file: newFile, saveDelayMs: 1e9 })).store;
  const newBatched = ingest(batches(heavyYearResponses(RESPONSES), USAGE_BATCH), (b) => store.putUsage(b));
  let t0 = performance.now();
  store.compactUsage(YEAR_END);
  const compactMs = performance.now() - t0;
  await store.close();

  // The one-time migration of an old heavy file.
  fs.copyFileSync(oldFile, migratedFile);
  t0 = performance.now();
  const migrated = (await SqliteTaskStore.open(SQL, { file: migratedFile, saveDelayMs: 1e9 })).store;
  const migrateMs = performance.now() - t0;
  migrated.compactUsage(YEAR_END);
  await migrated.close();

  // The same figures for both layouts, through the same steps the store takes.
  const scratch = path.join(dir, 'scratch.sqlite');
  const oldDb = load(SQL, oldFile), newDb = load(SQL, newFile);
  const oldSave = await saveCost(oldDb, scratch), newSave = await saveCost(newDb, scratch);
  const oldOpen = await medianMs(() => load(SQL, oldFile).close()), newOpen = await medianMs(() => load(SQL, newFile).close());
  const oldQuery = await medianMs(() => legacyUsageBetween(oldDb, YEAR_START, YEAR_END));
  const oldTotal = legacyUsageBetween(oldDb, YEAR_START, YEAR_END).reduce((s, u) => s + u.input + u.output + u.cacheCreation + u.cacheRead, 0);
  oldDb.close();
  newDb.close();

  // The real store on the new file: open, save one change, another window's reload, a year's query.
  const storeOpen = await medianMs(async () => (await SqliteTaskStore.open(SQL, { file: newFile })).store.close());
  const a = (await SqliteTaskStore.open(SQL, { file: newFile, saveDelayMs: 1e9 })).store;
  const b = (await SqliteTaskStore.open(SQL, { file: newFile, saveDelayMs: 1e9 })).store;
  let n = 0;
  const put = (): void => a.put({ id: `bench-${n++}`, title: 'bench', workspace: '', startedAt: YEAR_END, updatedAt: YEAR_END });
  const storeSave = await medianMs(async () => {
    put();
    await a.flush();
  });
  const reloads: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    put();
    await a.flush();
    const r0 = performance.now();
    await b.reloadIfChanged();
    reloads.push(performance.now() - r0);
  }
  const newQuery = await medianMs(() => b.usageBetween(YEAR_START, YEAR_END));
  const newTotal = b.usageBetween(YEAR_START, YEAR_END).reduce((s, u) => s + u.input + u.output + u.cacheCreation + u.cacheRead, 0);
  await Promise.all([a.close(), b.close()]);
  const oldMemory = memoryOf(oldFile, 'legacy'), newMemory = memoryOf(newFile, 'store');

  row('', 'old layout', 'new layout');
  row('record file size', mb(fs.statSync(oldFile).size), mb(fs.statSync(newFile).size));
  row('  of which tasks/sessions/commits alone (vacuumed)', mb(baseBytes.length), mb(splitSize(SQL, newFile, ['usage_recent', 'usage_sums', 'usage_names'])));
  row('  of which usage alone (vacuumed)', '', mb(splitSize(SQL, newFile, ['tasks', 'sessions', 'commits'])));
  row('save: export() (synchronous)', ms(oldSave.exportMs), ms(newSave.exportMs));
  row('save: write temp, fsync, .bak copy, rename (sync)', ms(oldSave.writeMs), ms(newSave.writeMs));
  row('save through the store (one change, lock, all of it)', '', ms(storeSave));
  row('open: read, load, integrity check', ms(oldOpen), ms(newOpen));
  row('open through the store', '', ms(storeOpen));
  row('reload after another window\'s save', ms(oldOpen), ms(median(reloads)));
  row('a year\'s usageBetween', ms(oldQuery), ms(newQuery));
  row('memory of a process holding it (RSS / JS heap)', `${oldMemory.rssMb.toFixed(0)} / ${oldMemory.heapMb.toFixed(0)} MB`, `${newMemory.rssMb.toFixed(0)} / ${newMemory.heapMb.toFixed(0)} MB`);
  row(`first scan, one call per response (${PER_ROW_SAMPLE / 1000}k sample)`, `${((oldRow.totalMs * 1000) / oldRow.count).toFixed(1)} µs each`, `${((newRow.totalMs * 1000) / newRow.count).toFixed(1)} µs each`);
  row('  → projected for 1,000,000 responses', ms((oldRow.totalMs / oldRow.count) * 1e6), ms((newRow.totalMs / newRow.count) * 1e6));
  row(`first scan, batches of ${USAGE_BATCH} (all ${RESPONSES.toLocaleString('en')})`, ms(oldBatched.totalMs), ms(newBatched.totalMs));
  row('  longest batch (one synchronous piece)', ms(oldBatched.longestMs), ms(newBatched.longestMs));
  row('compaction after that scan (one synchronous piece)', '', ms(compactMs));
  row('one-time migration of the old file on open', '', ms(migrateMs));
  row('migrated file size after compaction', '', mb(fs.statSync(migratedFile).size));
  row('a year\'s total tokens (must match)', oldTotal.toLocaleString('en'), newTotal.toLocaleString('en'));
  fs.rmSync(dir, { recursive: true, force: true });
}

void main();

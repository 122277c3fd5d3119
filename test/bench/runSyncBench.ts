import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import initSqlJs from 'sql.js';
import { RecordSync } from '../../src/app/recordSync';
import { decodeSyncFile, encodeSyncFile } from '../../src/storage/syncFile';
import { SyncFolder } from '../../src/storage/syncFolder';
import { SqliteTaskStore } from '../../src/storage/sqliteStore';
import { benchTask } from './benchTask';
import { report } from './report';
import { DESKTOP, LAPTOP } from '../support/machines';

/**
 * Runs `work` while a setImmediate loop ticks beside it: the longest gap between two ticks is the
 * longest the event loop was held (the longest synchronous piece), whatever timers would round it to.
 */
async function blocking<T>(work: () => T | Promise<T>): Promise<{ result: T; total: number; longest: number }> {
  let last = performance.now();
  let longest = 0;
  let running = true;
  const tick = () => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  const t0 = performance.now();
  const result = await work();
  const total = performance.now() - t0;
  running = false;
  return { result, total, longest: Math.max(longest, performance.now() - last) };
}

/** Median total and worst longest piece of `runs` runs, printed; the last result. */
async function step<T>(name: string, runs: number, work: () => T | Promise<T>, extra = ''): Promise<T> {
  const totals: number[] = [];
  let longest = 0;
  let result!: T;
  for (let i = 0; i < runs; i++) {
    const run = await blocking(work);
    totals.push(run.total);
    longest = Math.max(longest, run.longest);
    result = run.result;
  }
  const total = totals.sort((a, b) => a - b)[Math.floor(runs / 2)];
  report(name, `total ${total.toFixed(0).padStart(5)} ms, longest piece ${longest.toFixed(1).padStart(5)} ms${extra}`);
  return result;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leverage-syncbench-'));
  const SQL = await initSqlJs();
  const { store: here } = await SqliteTaskStore.open(SQL, { file: path.join(dir, 'here.sqlite'), saveDelayMs: 60_000 });
  const { store: there } = await SqliteTaskStore.open(SQL, { file: path.join(dir, 'there.sqlite'), saveDelayMs: 60_000 });
  const count = 10_000;
  const start = Date.UTC(2026, 0, 1);
  for (let i = 0; i < count; i++) {
    const task = benchTask(i, start, start);
    here.put(task);
    const commits = [0, 1].map((k) => ({
      taskId: task.id,
      repo: '/home/me/project',
      hash: `${k}${i}`.padEnd(40, 'f'),
      subject: 'A commit subject of usual length',
      authoredAt: task.startedAt + k,
      files: 3,
      insertions: 40,
      deletions: 5,
    }));
    here.replaceCommits(task.id, '/home/me/project', commits);
  }
  const mine = new RecordSync(here, LAPTOP);
  const theirs = new RecordSync(there, DESKTOP);
  console.log(`${count} tasks, 2 commits each; median total of 5 runs, worst longest synchronous piece of those runs`);
  await step('sync version (aggregates, one statement)', 5, () => mine.version());
  const record = await step('snapshot: every stopped task with its commits (paged)', 5, () => mine.snapshot());
  const bytes = await encodeSyncFile(record);
  await step(
    'encode the machine file (JSON Lines + SHA-256, sliced)',
    5,
    () => encodeSyncFile(record),
    `, ${(bytes.length / 1e6).toFixed(1)} MB`,
  );
  const decoded = await step('decode and check a peer file (sliced)', 5, () => decodeSyncFile(bytes));
  if (!decoded.ok) throw new Error(decoded.reason);
  const folder = path.join(dir, 'sync');
  fs.mkdirSync(folder);
  const laptopFolder = new SyncFolder(folder, LAPTOP);
  await step('write pass: snapshot, encode, write atomically', 1, async () => laptopFolder.write(await mine.snapshot()));
  await step('write pass, nothing changed (compared, not written)', 5, async () => laptopFolder.write(await mine.snapshot()));
  const desktopFolder = new SyncFolder(folder, DESKTOP);
  const scan = await step('read pass: find, read, check and decode the peer file', 1, () => desktopFolder.readChanged());
  const taken = await step('first sync: take in the peer file', 1, () => theirs.apply(scan.records));
  await step(`the same file taken in again (${taken} changed the first time)`, 5, () => theirs.apply(scan.records));
  await step('read pass, no file changed (stat only)', 5, () => desktopFolder.readChanged());
  await Promise.all([here.close(), there.close()]);
  fs.rmSync(dir, { recursive: true, force: true });
}

void main();

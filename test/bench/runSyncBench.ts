import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import initSqlJs from 'sql.js';
import { RecordSync } from '../../src/app/recordSync';
import { decodeSyncFile, encodeSyncFile } from '../../src/storage/syncFile';
import { SqliteTaskStore } from '../../src/storage/sqliteStore';
import { benchTask } from './benchTask';

/** Prints performance figures of the sync folder; never asserts. */
function report(name: string, value: string): void {
  console.log(`${name.padEnd(58)} ${value}`);
}

/** Median milliseconds of `runs` calls, and the last result. */
function median<T>(runs: number, f: () => T): [T, number] {
  const times: number[] = [];
  let result!: T;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    result = f();
    times.push(performance.now() - t0);
  }
  return [result, times.sort((a, b) => a - b)[Math.floor(runs / 2)]];
}

/** The longest the event loop was held while `work` ran (a 1 ms timer measures the gaps). */
async function longestBlock<T>(work: () => Promise<T>): Promise<[T, number, number]> {
  let last = performance.now();
  let longest = 0;
  const monitor = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  const t0 = performance.now();
  const result = await work();
  const total = performance.now() - t0;
  clearInterval(monitor);
  return [result, total, Math.max(longest, performance.now() - last)];
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leverage-syncbench-'));
  const SQL = await initSqlJs();
  const laptop = { id: '0b5c6a1e-1111-4a4a-8a8a-000000000001', name: 'laptop' };
  const desktop = { id: '0b5c6a1e-2222-4a4a-8a8a-000000000002', name: 'desktop' };
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
  const mine = new RecordSync(here, laptop);
  const theirs = new RecordSync(there, desktop);
  report(`sync version (${count} tasks, 2 commits each)`, `${median(5, () => mine.version())[1].toFixed(1)} ms`);
  const [record, snapshotMs] = median(5, () => mine.snapshot());
  report('snapshot: every stopped task with its commits', `${snapshotMs.toFixed(0)} ms`);
  const [bytes, encodeMs] = median(5, () => encodeSyncFile(record));
  report('encode the machine file (JSON + SHA-256 footer)', `${encodeMs.toFixed(0)} ms, ${(bytes.length / 1e6).toFixed(1)} MB`);
  const [decoded, decodeMs] = median(5, () => decodeSyncFile(bytes));
  report('decode and check a peer file', `${decodeMs.toFixed(0)} ms`);
  if (!decoded.ok) throw new Error(decoded.reason);
  const [taken, firstMs, firstBlock] = await longestBlock(() => theirs.apply([decoded.record]));
  report(`first sync: take in ${taken} tasks`, `${firstMs.toFixed(0)} ms, longest block ${firstBlock.toFixed(0)} ms`);
  const [again, againMs] = await longestBlock(() => theirs.apply([decoded.record]));
  report(`the same file read again (${again} changed)`, `${againMs.toFixed(1)} ms`);
  await Promise.all([here.close(), there.close()]);
  fs.rmSync(dir, { recursive: true, force: true });
}

void main();

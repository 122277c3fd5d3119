import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import initSqlJs from 'sql.js';
import { median } from '../../src/domain/secondOpinion';
import { SqliteTaskStore } from '../../src/storage/sqliteStore';
import { benchTask } from './benchTask';
import { report } from './report';

/**
 * Prints what one save costs the extension host with 10,000 tasks and 100,000 agent sessions:
 * its wall time (lock, export, verified write, generations, rename) and the longest stretch the
 * event loop was blocked meanwhile (the export; all file I/O is asynchronous), and what another
 * window's reload of that save costs. Never asserts.
 */
async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leverage-save-bench-'));
  const file = path.join(dir, 'bench.sqlite');
  const { store } = await SqliteTaskStore.open(await initSqlJs(), { file, saveDelayMs: 3_600_000 });
  const start = Date.UTC(2026, 0, 1);
  let stamp = start;
  const put = (i: number): void => {
    const task = benchTask(i, start, ++stamp);
    store.put(task);
  };
  for (let i = 0; i < 10_000; i++) put(i);
  for (let s = 0; s < 100_000; s++) {
    const at = start + s * 1000;
    store.putSession({
      id: `s${s}`,
      taskId: `t${s % 10_000}`,
      agent: 'claude',
      workspace: 'file:///ws',
      startedAt: at,
      endedAt: at + 500,
      active: [{ start: at, end: at + 400 }],
      measuredBy: 'shell-integration',
      updatedAt: at,
    });
  }
  await store.flush();
  report('record file (10,000 tasks, 100,000 sessions)', `${(fs.statSync(file).size / 1e6).toFixed(1)} MB`);
  const walls: number[] = [];
  const blocks: number[] = [];
  for (let round = 0; round < 10; round++) {
    put(round);
    const loop = monitorEventLoopDelay({ resolution: 1 });
    loop.enable();
    const t0 = performance.now();
    await store.flush();
    walls.push(performance.now() - t0);
    loop.disable();
    blocks.push(loop.max / 1e6);
  }
  report('save after one change: wall time, median / max', `${median(walls).toFixed(1)} / ${Math.max(...walls).toFixed(1)} ms`);
  report('  longest event-loop block during it, median / max', `${median(blocks).toFixed(1)} / ${Math.max(...blocks).toFixed(1)} ms`);
  const t0 = performance.now();
  await store.flush();
  report('save with nothing pending (no export)', `${(performance.now() - t0).toFixed(2)} ms`);
  // Another window picking up that save.
  const { store: other } = await SqliteTaskStore.open(await initSqlJs(), { file, saveDelayMs: 3_600_000 });
  put(0);
  await store.flush();
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const t1 = performance.now();
  await other.reloadIfChanged();
  const reloadMs = performance.now() - t1;
  loop.disable();
  report('another window reloads it: wall / longest event-loop block', `${reloadMs.toFixed(1)} / ${(loop.max / 1e6).toFixed(1)} ms`);
  await Promise.all([store.close(), other.close()]);
  fs.rmSync(dir, { recursive: true, force: true });
}

void main();

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import initSqlJs from 'sql.js';
import { AgentSessions } from '../../src/app/agentSessions';
import { matchAgent } from '../../src/domain/agentCommand';
import { SqliteTaskStore } from '../../src/storage/sqliteStore';
import { benchTask } from './benchTask';
import { report } from './report';

async function* chunks(n: number): AsyncGenerator<string> {
  for (let i = 0; i < n; i++) yield 'x'.repeat(80);
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leverage-bench-'));
  const SQL = await initSqlJs();
  const { store } = await SqliteTaskStore.open(SQL, { file: path.join(dir, 'bench.sqlite'), saveDelayMs: 60_000 });
  let n = 0;
  const clock = { now: () => Date.now() };
  const sessions = new AgentSessions(store, clock, { newId: () => `s${++n}` }, 'ws', () => 30_000);

  // 1. Terminal output: cost per chunk in the extension host (timing + interval bookkeeping).
  const handle = sessions.started('claude', 'shell-integration');
  const direct = 2_000_000;
  let t0 = performance.now();
  for (let i = 0; i < direct; i++) handle.output();
  let ms = performance.now() - t0;
  report('handle.output() per chunk', `${((ms * 1000) / direct).toFixed(3)} µs`);

  const iterated = 200_000;
  t0 = performance.now();
  for await (const _chunk of chunks(iterated)) handle.output();
  ms = performance.now() - t0;
  report('for-await over a chunk stream + output(), per chunk', `${((ms * 1000) / iterated).toFixed(3)} µs`);
  report('  → 10,000 chunks a minute cost per minute', `${((ms / iterated) * 10_000).toFixed(2)} ms`);

  // 2. Agent detection per command line.
  const lines = [
    'claude --resume',
    'npx -y @openai/codex@latest',
    'FOO=1 BAR=2 ~/.local/bin/claude',
    'git status',
    'npm test',
    'pnpm dlx @anthropic-ai/claude-code',
  ];
  const rounds = 200_000;
  t0 = performance.now();
  for (let i = 0; i < rounds; i++) matchAgent(lines[i % lines.length]);
  ms = performance.now() - t0;
  report('matchAgent per command line', `${((ms * 1000) / rounds).toFixed(3)} µs`);

  // 3. Store: 10,000 tasks, then one save (export + atomic write).
  const start = Date.UTC(2026, 0, 1);
  t0 = performance.now();
  for (let i = 0; i < 10_000; i++) {
    const task = benchTask(i, start, start);
    store.put(task);
  }
  report('put 10,000 tasks (in memory)', `${(performance.now() - t0).toFixed(1)} ms`);
  t0 = performance.now();
  await store.flush();
  report('save 10,000 tasks (lock, export, fsync, rename)', `${(performance.now() - t0).toFixed(1)} ms`);
  report('database file size', `${(fs.statSync(path.join(dir, 'bench.sqlite')).size / 1024).toFixed(0)} KiB`);
  t0 = performance.now();
  const listed = store.list({ from: start, to: start + 7 * 24 * 3_600_000 });
  report(`list one week (${listed.length} tasks)`, `${(performance.now() - t0).toFixed(2)} ms`);

  // 4. Bundle sizes.
  const dist = path.join(__dirname, '..', '..', '..', 'dist');
  for (const file of ['extension.js', 'sql-wasm.wasm']) {
    const p = path.join(dist, file);
    if (fs.existsSync(p)) report(`dist/${file}`, `${(fs.statSync(p).size / 1024).toFixed(0)} KiB`);
  }
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

void main();

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import initSqlJs, { type SqlJsStatic } from 'sql.js';
import type { Task } from '../../../src/domain/task';
import { attributeUsage, type UsageRecord } from '../../../src/domain/tokens';
import { migrate } from '../../../src/storage/migrations';
import { SqliteTaskStore } from '../../../src/storage/sqliteStore';
import { taskParams } from '../../../src/storage/taskRows';
import { usageKeyId } from '../../../src/storage/usageKey';
import { openUsageFile, usageFileOf } from '../../../src/storage/usageFile';
import { USAGE_BUCKET_MS, USAGE_HORIZON_MS } from '../../../src/storage/usageRepository';
import { legacyUsageBetween, legacyUsageVersion, normalSums, putLegacyUsage } from '../../storage/legacyUsage';

const DAY = 24 * 3_600_000;
const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);

let SQL: SqlJsStatic;
let dir: string;

/** A deterministic pseudo-random source, so every run checks the same data. */
function random(seed: number): () => number {
  let s = seed;
  return () => (s = (Math.imul(s, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32;
}

/** `n` responses spread over the `days` before NOW, in two folders (and none), three models (and none), with streamed copies. */
function responses(n: number, days: number, seed = 1): UsageRecord[] {
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const out: UsageRecord[] = [];
  for (let i = 0; i < n; i++) {
    const r: UsageRecord = {
      key: `msg_${i.toString(36)}:req_${(i * 7919).toString(36)}`,
      agent: pick(['claude', 'claude', 'codex']),
      timestamp: NOW - Math.floor(rnd() * days * DAY),
      cwd: pick(['/ws/a', '/ws/b/sub', undefined]),
      model: pick(['claude-opus-4', 'claude-sonnet-4', 'gpt-5', undefined]),
      input: Math.floor(rnd() * 50),
      output: Math.floor(rnd() * 2000),
      cacheCreation: Math.floor(rnd() * 5000),
      cacheRead: Math.floor(rnd() * 80_000),
    };
    out.push(r);
    // Every tenth response also appears as an earlier, smaller snapshot of the stream.
    if (i % 10 === 0) out.push({ ...r, output: Math.floor(r.output / 2), timestamp: r.timestamp - 500 });
  }
  return out;
}

async function openStore(name = 'leverage.sqlite'): Promise<SqliteTaskStore> {
  const { store, notice } = await SqliteTaskStore.open(SQL, { file: path.join(dir, name), saveDelayMs: 60_000 });
  assert.equal(notice, undefined, notice?.message);
  return store;
}

/** Rows of one table in a saved file. */
function tableRows(name: string, sql: string): unknown[][] {
  const db = new SQL.Database(fs.readFileSync(path.join(dir, name)));
  try {
    return db.exec(sql)[0]?.values ?? [];
  } finally {
    db.close();
  }
}

/** Bucket-aligned spans [a, b) written as the inclusive [from, to] usageBetween takes, plus the whole range. */
function alignedSpans(count: number, days: number): { from: number; to: number }[] {
  const rnd = random(99);
  const first = Math.floor((NOW - days * DAY) / USAGE_BUCKET_MS);
  const spans = [{ from: (first - 1) * USAGE_BUCKET_MS, to: NOW }];
  for (let i = 0; i < count; i++) {
    const perDay = DAY / USAGE_BUCKET_MS;
    const a = first + Math.floor(rnd() * days * perDay);
    const b = a + 1 + Math.floor(rnd() * 3 * perDay);
    spans.push({ from: a * USAGE_BUCKET_MS, to: b * USAGE_BUCKET_MS - 1 });
  }
  return spans;
}

describe('token usage store (bounded: hashed rows within the horizon, hour sums past it)', () => {
  before(async () => {
    SQL = await initSqlJs();
  });
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leverage-usage-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('compaction keeps every total exact at hour granularity and leaves per-response rows only within the horizon', async () => {
    const store = await openStore();
    store.putUsage(responses(3000, 60));
    const spans = alignedSpans(40, 60);
    const recentSpan = { from: NOW - 10 * DAY + 12_345, to: NOW - 3 * DAY - 678 }; // not hour-aligned
    const before = spans.map((s) => normalSums(store.usageBetween(s.from, s.to)));
    const recentBefore = normalSums(store.usageBetween(recentSpan.from, recentSpan.to));
    let calls = 1;
    while (store.compactUsage(NOW)) calls++;
    assert.ok(calls >= 2, `compacted in slices (${calls} calls)`);
    assert.equal(store.compactUsage(NOW), false, 'nothing left to compact, so nothing to save');
    assert.deepEqual(
      spans.map((s) => normalSums(store.usageBetween(s.from, s.to))),
      before,
    );
    assert.deepEqual(normalSums(store.usageBetween(recentSpan.from, recentSpan.to)), recentBefore, 'exact to the ms within the horizon');
    assert.ok(before[0].length > 0);
    await store.close();
    const oldest = Number(tableRows('leverage.sqlite', 'SELECT min(timestamp) FROM usage_recent')[0][0]);
    assert.ok(oldest >= NOW - USAGE_HORIZON_MS - USAGE_BUCKET_MS, 'older rows were summed');
    assert.ok(Number(tableRows('leverage.sqlite', 'SELECT count(*) FROM usage_sums')[0][0]) > 0);
    const reopened = await openStore();
    assert.deepEqual(
      spans.map((s) => normalSums(reopened.usageBetween(s.from, s.to))),
      before,
      'the same after a reload',
    );
    await reopened.close();
  });

  it('a response read again after compaction is not counted twice, nor is a bigger copy of it (also after reopening)', async () => {
    const old: UsageRecord = {
      key: 'msg_old:req_old',
      agent: 'claude',
      timestamp: NOW - 40 * DAY,
      cwd: '/ws/a',
      model: 'claude-opus-4',
      input: 1,
      output: 2,
      cacheCreation: 3,
      cacheRead: 4,
    };
    const recent: UsageRecord = { ...old, key: 'msg_new:req_new', timestamp: NOW - DAY };
    const store = await openStore();
    store.putUsage([old, recent]);
    store.compactUsage(NOW);
    const whole = (s: SqliteTaskStore): unknown => normalSums(s.usageBetween(NOW - 60 * DAY, NOW));
    const expected = whole(store);
    assert.deepEqual(expected, [{ cwd: '/ws/a', model: 'claude-opus-4', input: 2, output: 4, cacheCreation: 6, cacheRead: 8 }]);
    store.putUsage([old, recent, { ...old, output: 999 }]);
    assert.deepEqual(whole(store), expected);
    await store.close();
    const reopened = await openStore();
    reopened.putUsage([old, { ...old, output: 999 }, recent]);
    assert.deepEqual(whole(reopened), expected);
    await reopened.close();
  });

  it('keeps the copy with the most tokens whatever order the copies arrive in, in one batch or several', async () => {
    const copy = (output: number): UsageRecord => ({
      key: 'msg_1:req_1',
      agent: 'claude',
      timestamp: NOW - DAY + output,
      cwd: '/ws',
      model: 'm',
      input: 1,
      output,
      cacheCreation: 0,
      cacheRead: 0,
    });
    const orders = [
      [10, 30, 20],
      [30, 20, 10],
      [20, 10, 30],
    ];
    for (const [i, order] of orders.entries()) {
      for (const batched of [true, false]) {
        const store = await openStore(`max-${i}-${batched}.sqlite`);
        if (batched) store.putUsage(order.map(copy));
        else for (const output of order) store.putUsage([copy(output)]);
        assert.deepEqual(
          store.usageBetween(0, NOW),
          [{ cwd: '/ws', model: 'm', input: 1, output: 30, cacheCreation: 0, cacheRead: 0 }],
          `order ${order.join(',')}, batched ${batched}`,
        );
        await store.close();
      }
    }
  });

  it('batched ingest stores exactly what one response at a time stores', async () => {
    const records = responses(1500, 50, 7);
    const batched = await openStore('batched.sqlite');
    batched.putUsage(records);
    const single = await openStore('single.sqlite');
    for (const r of records) single.putUsage([r]);
    await Promise.all([batched.close(), single.close()]);
    const rows = `SELECT u.id, u.timestamp, a.name, c.name, m.name, u.input, u.output, u.cache_creation, u.cache_read FROM usage_recent u
      JOIN usage_names a ON a.id = u.agent JOIN usage_names c ON c.id = u.cwd JOIN usage_names m ON m.id = u.model ORDER BY u.id`;
    const stored = tableRows('batched.sqlite', rows);
    assert.equal(stored.length, 1500, 'one row per response, streamed copies merged');
    assert.deepEqual(stored, tableRows('single.sqlite', rows));
  });

  it('two windows storing usage of different folders keep both (names are resolved again when a change is replayed)', async () => {
    const a = await openStore();
    const b = await openStore();
    const one = (key: string, cwd: string, model: string): UsageRecord => ({
      key,
      agent: 'claude',
      timestamp: NOW - DAY,
      cwd,
      model,
      input: 1,
      output: 1,
      cacheCreation: 1,
      cacheRead: 1,
    });
    a.putUsage([one('k1', '/from/a', 'model-a')]);
    b.putUsage([one('k2', '/from/b', 'model-b')]);
    await a.flush();
    await b.flush(); // b loads a's file and replays its change on top
    const c = await openStore();
    assert.deepEqual(
      normalSums(c.usageBetween(0, NOW)).map((s) => `${s.cwd} ${s.model} ${s.input}`),
      ['/from/a model-a 1', '/from/b model-b 1'],
    );
    await Promise.all([a.close(), b.close(), c.close()]);
  });

  it('migrates a record with usage rows into the usage file after opening returns: every task keeps its tokens, usageBetween gives the same totals (also after compaction and a repeated move)', async () => {
    const RESPONSE_COUNT = 2000;
    const recordFile = path.join(dir, 'leverage.sqlite');
    const db = new SQL.Database();
    migrate(
      db,
      legacyUsageVersion(() => new SQL.Database()),
    );
    putLegacyUsage(db, responses(RESPONSE_COUNT, 70, 3));
    db.run('INSERT INTO log_files (path, checkpoint) VALUES (?, ?)', ['/logs/a.jsonl', '{"offset":12}']);
    const rnd = random(5);
    const tasks: Task[] = [];
    for (let i = 0; i < 60; i++) {
      // Tasks on whole hours (as spans compared after compaction must be) and anywhere (exact before it).
      const startedAt = NOW - Math.floor(rnd() * 70 * DAY);
      const aligned = i % 2 === 0 ? Math.floor(startedAt / USAGE_BUCKET_MS) * USAGE_BUCKET_MS : startedAt;
      const stoppedAt = aligned + (1 + Math.floor(rnd() * 600)) * USAGE_BUCKET_MS - (i % 2 === 0 ? 1 : 0);
      const detail = attributeUsage(legacyUsageBetween(db, aligned, stoppedAt), ['/ws']);
      tasks.push({
        id: `t${i}`,
        title: `Task ${i}`,
        workspace: 'file:///ws',
        startedAt: aligned,
        stoppedAt,
        updatedAt: stoppedAt,
        tokens: detail ? detail.input + detail.output + detail.cacheCreation + detail.cacheRead : undefined,
        tokensSource: detail ? 'measured' : undefined,
        tokensDetail: detail,
      });
    }
    // Only the columns that schema version has: later steps add task columns the current upsert writes.
    const insert = db.prepare(
      'INSERT INTO tasks (id, title, workspace, started_at, stopped_at, updated_at, tokens, tokens_source, tokens_detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (const t of tasks) {
      const p = taskParams(t);
      insert.run([
        p.$id,
        p.$title,
        p.$workspace,
        p.$started_at,
        p.$stopped_at,
        p.$updated_at,
        p.$tokens,
        p.$tokens_source,
        p.$tokens_detail,
      ]);
    }
    insert.free();
    const before = tasks.map((t) => legacyUsageBetween(db, t.startedAt, t.stoppedAt!));
    const legacyBytes = db.export();
    fs.writeFileSync(recordFile, legacyBytes);
    db.close();

    const moveAndCheck = async (): Promise<SqliteTaskStore> => {
      const record = await openStore();
      const { store: usage, notice, moved } = await openUsageFile(SQL, record, { file: usageFileOf(recordFile), saveDelayMs: 60_000 });
      assert.equal(notice, undefined);
      assert.equal(
        record.sqlSession.all('SELECT count(*) FROM token_usage', [], (row) => Number(row[0]))[0],
        RESPONSE_COUNT,
        'opening returned before the move: the record still holds every response',
      );
      assert.equal(await moved, RESPONSE_COUNT);
      assert.deepEqual(
        record.list().map((t) => [t.id, t.tokens, t.tokensDetail]),
        [...tasks].sort((x, y) => x.startedAt - y.startedAt).map((t) => [t.id, t.tokens, t.tokensDetail]),
      );
      assert.deepEqual(
        tasks.map((t) => normalSums(usage.usageBetween(t.startedAt, t.stoppedAt!))),
        before,
        'exact after the move',
      );
      assert.deepEqual([...usage.logCheckpoints()], [['/logs/a.jsonl', { offset: 12 }]]);
      await record.close();
      return usage;
    };
    const usage = await moveAndCheck();
    assert.deepEqual(
      tableRows('leverage.sqlite', 'SELECT (SELECT count(*) FROM token_usage) + (SELECT count(*) FROM log_files)'),
      [[0]],
      'the record no longer holds usage',
    );
    assert.ok(fs.statSync(recordFile).size < legacyBytes.length / 2, 'and gave its space back');
    await usage.close();
    // As if the record had not been saved after the copy: moving again counts nothing twice.
    fs.writeFileSync(recordFile, legacyBytes);
    const again = await moveAndCheck();
    while (again.compactUsage(NOW));
    tasks.forEach((t, i) => {
      if (i % 2 === 0 || t.startedAt >= NOW - USAGE_HORIZON_MS + USAGE_BUCKET_MS)
        assert.deepEqual(normalSums(again.usageBetween(t.startedAt, t.stoppedAt!)), before[i], `task ${t.id} after compaction`);
    });
    await again.close();
  });

  it('a scan that finds nothing new saves nothing: no empty batch, no idle compaction is written', async () => {
    const store = await openStore();
    store.putUsage(responses(50, 10, 9));
    await store.flush();
    const before = fs.statSync(path.join(dir, 'leverage.sqlite'));
    store.putUsage([]);
    assert.equal(store.compactUsage(NOW), false);
    await store.flush();
    const after = fs.statSync(path.join(dir, 'leverage.sqlite'));
    assert.deepEqual([after.ino, after.mtimeMs, after.size], [before.ino, before.mtimeMs, before.size]);
    await store.close();
  });

  it('gives 300,000 distinct response keys distinct 53-bit ids (a weak or 32-bit hash would collide)', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 300_000; i++) {
      const id = usageKeyId(`msg_01${(i * 2_654_435_761).toString(36).padStart(22, 'A')}:req_011C${i.toString(16)}`);
      assert.ok(Number.isSafeInteger(id) && id >= 0 && id < 2 ** 53);
      seen.add(id);
    }
    assert.equal(seen.size, 300_000);
  });

  it('hashes a key to the same id as earlier builds did (stored ids must keep matching re-read responses)', () => {
    // A golden value: changing the hash would count every response still in the table again.
    assert.equal(usageKeyId('msg_01ABC:req_01XYZ'), 1_003_100_276_257_635);
  });
});

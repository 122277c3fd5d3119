import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import initSqlJs, { type SqlJsStatic } from 'sql.js';
import type { Task } from '../../../src/domain/task';
import { io } from '../../../src/storage/durableFile';
import { migrate, SCHEMA_VERSION } from '../../../src/storage/migrations';
import { SqliteTaskStore } from '../../../src/storage/sqliteStore';
import { until } from '../until';

let SQL: SqlJsStatic;
let dir: string;
let file: string;

function task(id: string, startedAt: number, extra: Partial<Task> = {}): Task {
  return { id, title: `Task ${id}`, workspace: 'file:///ws', startedAt, updatedAt: startedAt, ...extra };
}

async function open(): Promise<SqliteTaskStore> {
  const { store, notice } = await SqliteTaskStore.open(SQL, { file, saveDelayMs: 10 });
  assert.equal(notice, undefined, notice?.message);
  return store;
}

describe('SqliteTaskStore on real sql.js', () => {
  before(async () => {
    SQL = await initSqlJs();
  });
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leverage-store-'));
    file = path.join(dir, 'leverage.sqlite');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('creates the file with the current schema version on first open', async () => {
    const store = await open();
    await store.close();
    const db = new SQL.Database(fs.readFileSync(file));
    assert.equal(db.exec('PRAGMA user_version')[0].values[0][0], SCHEMA_VERSION);
    assert.deepEqual(db.exec("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")[0].values.flat(), [
      'attention',
      'commits',
      'log_files',
      'sessions',
      'tasks',
      'token_usage',
      'usage_meta',
      'usage_names',
      'usage_recent',
      'usage_sums',
    ]);
    db.close();
  });

  it('round-trips every field, including undefined ones', async () => {
    const store = await open();
    const full = task('a', 1000, {
      stoppedAt: 2000,
      humanHours: 8,
      aiMinutes: 12.5,
      aiSource: 'measured',
      supMinutes: 3,
      supSource: 'user',
      tokens: 95_000,
      tokensSource: 'imported',
      updatedAt: 2000,
      opinion: { low: 4, median: 6.5, high: 8, count: 9 },
    });
    const bare = task('b', 3000);
    store.put(full);
    store.put(bare);
    await store.close();
    const again = await open();
    assert.deepEqual(again.get('a'), { ...full, deletedAt: undefined, tokensDetail: undefined });
    assert.deepEqual(again.get('b'), {
      ...bare,
      stoppedAt: undefined,
      humanHours: undefined,
      aiMinutes: undefined,
      aiSource: undefined,
      supMinutes: undefined,
      supSource: undefined,
      tokens: undefined,
      tokensSource: undefined,
      deletedAt: undefined,
      tokensDetail: undefined,
    });
    assert.deepEqual(
      again.list().map((t) => t.id),
      ['a', 'b'],
    );
    assert.deepEqual(
      again.list({ from: 2000, to: 4000 }).map((t) => t.id),
      ['b'],
    );
    assert.equal(again.running('file:///ws')?.id, 'b');
    assert.equal(again.running('file:///other'), undefined);
    await again.close();
  });

  it('debounces saves: several puts, one write, and nothing on disk before the delay', async () => {
    const { store } = await SqliteTaskStore.open(SQL, { file, saveDelayMs: 200 });
    const opened = fs.readFileSync(file);
    const before = fs.statSync(file).mtimeMs;
    store.put(task('a', 1));
    store.put(task('b', 2));
    assert.equal(fs.statSync(file).mtimeMs, before, 'not written yet');
    await until(() => fs.statSync(file).mtimeMs !== before, 'the debounced save');
    const db = new SQL.Database(fs.readFileSync(file));
    assert.equal(db.exec('SELECT count(*) FROM tasks')[0].values[0][0], 2);
    db.close();
    // Each write first copies the file it replaces to .bak: after one write that is the file as opened.
    assert.deepEqual(fs.readFileSync(`${file}.bak`), opened, 'both puts went out in one write');
    await store.close();
  });

  it('saves atomically and keeps the previous file as .bak', async () => {
    const store = await open();
    store.put(task('a', 1));
    await store.flush();
    const first = fs.readFileSync(file);
    store.put(task('b', 2));
    await store.flush();
    assert.deepEqual(fs.readFileSync(`${file}.bak`), first);
    assert.deepEqual(
      fs.readdirSync(dir).filter((f) => f.endsWith('.tmp')),
      [],
      'no temp file left behind',
    );
    await store.close();
  });

  it('moves a corrupt file aside, says where, and starts empty', async () => {
    fs.writeFileSync(file, 'this is not a database, just text that someone saved over it');
    const { store, notice } = await SqliteTaskStore.open(SQL, { file });
    assert.ok(notice);
    const aside = fs.readdirSync(dir).find((f) => f.startsWith('leverage.corrupt-'));
    assert.ok(aside, 'corrupt copy kept');
    assert.equal(fs.readFileSync(path.join(dir, aside), 'utf8'), 'this is not a database, just text that someone saved over it');
    assert.ok(notice.message.includes(path.join(dir, aside)), notice.message);
    assert.match(notice.message, /new, empty record/);
    assert.deepEqual(store.list(), []);
    store.put(task('a', 1));
    await store.close();
    assert.equal((await open()).get('a')?.id, 'a');
  });

  it('restores from .bak when the main file is corrupt', async () => {
    const store = await open();
    store.put(task('a', 1));
    await store.flush();
    store.put(task('b', 2));
    await store.close(); // .bak now holds task a only
    const bytes = fs.readFileSync(file);
    bytes.fill(0x42, 0, 100); // wreck the header
    fs.writeFileSync(file, bytes);
    const { store: recovered, notice } = await SqliteTaskStore.open(SQL, { file });
    assert.match(notice?.message ?? '', /Restored the previous copy/);
    assert.deepEqual(
      recovered.list().map((t) => t.id),
      ['a'],
    );
    await recovered.close();
  });

  it('refuses to write a file from a newer schema, and tells why', async () => {
    const db = new SQL.Database();
    migrate(db);
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
    fs.writeFileSync(file, db.export());
    db.close();
    const before = fs.readFileSync(file);
    const { notice, store } = await SqliteTaskStore.open(SQL, { file });
    assert.match(notice?.message ?? '', /newer version/);
    assert.ok(store.readOnly);
    store.put(task('a', 1));
    await store.flush();
    assert.deepEqual(fs.readFileSync(file), before);
  });

  it("two windows: neither erases the other's writes (reload-apply-save under a lock)", async () => {
    const a = await open();
    const b = await open();
    a.put(task('from-a', 1));
    b.put(task('from-b', 2));
    await Promise.all([a.flush(), b.flush()]);
    const c = await open();
    assert.deepEqual(
      c
        .list()
        .map((t) => t.id)
        .sort(),
      ['from-a', 'from-b'],
    );
    // b's in-memory copy has a's task too: merged during its save, or picked up by a reload.
    await b.reloadIfChanged();
    assert.equal(b.get('from-a')?.id, 'from-a');
    await Promise.all([a.close(), b.close(), c.close()]);
  });

  it("a save that takes in another window's changes says so (onDidMerge), and only then", async () => {
    const a = await open();
    const b = await open();
    let merges = 0;
    b.onDidMerge.on(() => merges++);
    b.put(task('own', 1));
    await b.flush();
    assert.equal(merges, 0, "nothing to take in: the file is b's own");
    a.put(task('from-a', 2));
    await a.flush();
    b.put(task('own', 1, { title: 'edited' }));
    await b.flush();
    assert.equal(merges, 1);
    b.warm();
    assert.deepEqual(
      b.list().map((t) => t.id),
      ['own', 'from-a'],
      "the index b reads from has a's task",
    );
    await Promise.all([a.close(), b.close()]);
  });

  it('two windows editing one task: the newer change wins whichever saves last', async () => {
    const a = await open();
    a.put(task('t', 1, { title: 'original', updatedAt: 1 }));
    await a.flush();
    const b = await open();
    b.put(task('t', 1, { title: 'renamed in b', updatedAt: 50 }));
    a.put(task('t', 1, { title: 'older edit in a', updatedAt: 20 }));
    await b.flush();
    await a.flush();
    const c = await open();
    assert.equal(c.get('t')?.title, 'renamed in b');
    await Promise.all([a.close(), b.close(), c.close()]);
  });

  it('many concurrent savers lose nothing', async () => {
    const stores = await Promise.all(Array.from({ length: 5 }, () => open()));
    for (let round = 0; round < 4; round++) {
      stores.forEach((s, i) => s.put(task(`w${i}-r${round}`, round * 10 + i)));
      await Promise.all(stores.map((s) => s.flush()));
    }
    const check = await open();
    assert.equal(check.list().length, 20);
    await Promise.all([...stores, check].map((s) => s.close()));
  });
});

describe('SqliteTaskStore when saving fails', () => {
  it('keeps the change in memory, reports the error once, and saves it on a later flush', async () => {
    const SQL2 = await initSqlJs();
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'leverage-store-fail-'));
    const target = path.join(root, 'leverage.sqlite');
    const errors: unknown[] = [];
    const notices: string[] = [];
    const { store } = await SqliteTaskStore.open(SQL2, {
      file: target,
      onError: (e) => errors.push(e),
      onNotice: (n) => notices.push(n.message),
    });
    const before = fs.readFileSync(target);
    // A disk that accepts nothing more: every write makes no progress (as a full disk does).
    const realWrite = io.write;
    io.write = async () => ({ bytesWritten: 0 });
    try {
      store.put({ id: 'kept', title: 'kept', workspace: '', startedAt: 1, updatedAt: 1 });
      await assert.rejects(store.flush(), /No space left/);
      await assert.rejects(store.flush(), /No space left/);
    } finally {
      io.write = realWrite;
    }
    assert.equal(errors.length, 1, 'the same failure is reported once');
    assert.equal(store.get('kept')?.id, 'kept', 'still readable in memory');
    assert.deepEqual(fs.readFileSync(target), before, 'the file on disk is untouched');
    assert.deepEqual(
      fs.readdirSync(root).filter((f) => f.endsWith('.tmp')),
      [],
      'no temp file left behind',
    );
    await store.flush();
    assert.match(notices.join('\n'), /saved .* again/);
    const db = new SQL2.Database(fs.readFileSync(target));
    assert.deepEqual(db.exec('SELECT id FROM tasks')[0].values, [['kept']]);
    db.close();
    await store.close();
    fs.rmSync(root, { recursive: true, force: true });
  });
});

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import initSqlJs, { type SqlJsStatic } from 'sql.js';
import type { Task } from '../../../src/domain/task';
import { assertWholeDatabase, io } from '../../../src/storage/durableFile';
import { dailyPath, DAILY_COPIES } from '../../../src/storage/generations';
import { migrate, SCHEMA_VERSION } from '../../../src/storage/migrations';
import { SqliteTaskStore } from '../../../src/storage/sqliteStore';

let SQL: SqlJsStatic;
let dir: string;
let file: string;

function task(id: string, startedAt = 1): Task {
  return { id, title: `Task ${id}`, workspace: 'file:///ws', startedAt, updatedAt: startedAt };
}

/** A store with tasks `ids` saved, closed: leaves leverage.sqlite and its .bak behind. */
async function saved(ids: string[]): Promise<void> {
  const { store } = await SqliteTaskStore.open(SQL, { file, saveDelayMs: 10 });
  for (const id of ids) {
    store.put(task(id));
    await store.flush();
  }
  await store.close();
}

function taskIds(bytes: Uint8Array): string[] {
  const db = new SQL.Database(bytes);
  try {
    return (db.exec('SELECT id FROM tasks ORDER BY id')[0]?.values ?? []).map((r) => String(r[0]));
  } finally {
    db.close();
  }
}

function leftovers(): string[] {
  return fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'));
}

describe('Store durability', () => {
  before(async () => {
    SQL = await initSqlJs();
  });
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leverage-durable-'));
    file = path.join(dir, 'leverage.sqlite');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a zero-byte file is moved aside, the sound .bak restored and kept, and the user told', async () => {
    await saved(['a', 'b']);
    const bak = fs.readFileSync(`${file}.bak`);
    fs.writeFileSync(file, '');
    const { store, notice } = await SqliteTaskStore.open(SQL, { file });
    assert.match(notice?.message ?? '', /is empty \(0 bytes\).*moved to .*corrupt-.*Restored the previous copy/s);
    assert.deepEqual(
      store.list().map((t) => t.id),
      ['a'],
    );
    store.put(task('c'));
    await store.close();
    assert.deepEqual(taskIds(fs.readFileSync(file)), ['a', 'c']);
    assert.deepEqual(taskIds(fs.readFileSync(`${file}.bak`)), taskIds(bak), '.bak never replaced by the empty file');
    const aside = fs.readdirSync(dir).find((f) => f.startsWith('leverage.corrupt-'));
    assert.equal(fs.statSync(path.join(dir, aside!)).size, 0, 'the original is kept as it was');
  });

  it('a missing file with backups next to it is restored from the newest sound one, and the user told', async () => {
    await saved(['a', 'b']);
    fs.rmSync(file);
    const { store, notice } = await SqliteTaskStore.open(SQL, { file });
    assert.match(notice?.message ?? '', /was missing\. Restored the previous copy from .*leverage\.sqlite\.bak/);
    assert.deepEqual(
      store.list().map((t) => t.id),
      ['a'],
    );
    await store.close();
    assert.deepEqual(taskIds(fs.readFileSync(file)), ['a']);
  });

  it('a corrupt file whose backup has a newer schema: nothing on disk changes, the window is read-only', async () => {
    const db = new SQL.Database();
    migrate(db);
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
    fs.writeFileSync(`${file}.bak`, db.export());
    db.close();
    fs.writeFileSync(file, 'garbage that is not a database at all, long enough to look like something');
    const bak = fs.readFileSync(`${file}.bak`);
    const { store, notice } = await SqliteTaskStore.open(SQL, { file });
    assert.match(notice?.message ?? '', /newer version/);
    assert.ok(store.readOnly);
    store.put(task('x'));
    await store.close();
    assert.deepEqual(fs.readFileSync(`${file}.bak`), bak);
    assert.equal(fs.readFileSync(file, 'utf8').slice(0, 7), 'garbage');
  });

  it('a window stops writing, and says so, once another window migrated the file to a newer schema', async () => {
    await saved(['a']);
    const notices: string[] = [];
    const { store } = await SqliteTaskStore.open(SQL, { file, onNotice: (n) => notices.push(n.message) });
    const newer = new SQL.Database(fs.readFileSync(file));
    newer.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
    fs.writeFileSync(`${file}.next`, newer.export());
    newer.close();
    fs.renameSync(`${file}.next`, file);
    const migrated = fs.readFileSync(file);
    store.put(task('b'));
    await store.flush();
    assert.match(notices.join('\n'), /newer version.*not saved/s);
    assert.ok(store.readOnly);
    store.put(task('c'));
    await store.close();
    assert.deepEqual(fs.readFileSync(file), migrated, 'the newer file is never written by this window');
  });

  it('a folder at the path is moved aside intact and a working record opened', async () => {
    fs.mkdirSync(file);
    fs.writeFileSync(path.join(file, 'inside.txt'), 'keep me');
    const { store, notice } = await SqliteTaskStore.open(SQL, { file });
    assert.match(notice?.message ?? '', /is a folder/);
    const aside = fs.readdirSync(dir).find((f) => f.startsWith('leverage.corrupt-'))!;
    assert.equal(fs.readFileSync(path.join(dir, aside, 'inside.txt'), 'utf8'), 'keep me');
    store.put(task('a'));
    await store.close();
    assert.deepEqual(taskIds(fs.readFileSync(file)), ['a']);
  });

  it('keeps the file mode (a 444 file stays 444)', async () => {
    await saved(['a']);
    fs.chmodSync(file, 0o444);
    await saved(['b']);
    assert.equal(fs.statSync(file).mode & 0o777, 0o444);
    assert.deepEqual(taskIds(fs.readFileSync(file)), ['a', 'b']);
  });

  it('removes temp files a killed save left behind, under the lock, at the next save', async () => {
    await saved(['a']);
    fs.writeFileSync(`${file}.4242-deadbeef.tmp`, 'half a database');
    fs.writeFileSync(`${file}.bak-4242.tmp`, 'half a backup');
    fs.writeFileSync(path.join(dir, 'unrelated.tmp'), 'not ours');
    await saved(['b']);
    assert.deepEqual(leftovers(), ['unrelated.tmp']);
  });

  it('keeps the previous save as .bak and a copy per day, at most seven', async () => {
    for (let d = 1; d <= 9; d++) fs.writeFileSync(dailyPath(file, new Date(2020, 0, d)), 'old day');
    await saved(['a', 'b']);
    const dailies = fs
      .readdirSync(dir)
      .filter((f) => f.startsWith('leverage.backup-'))
      .sort();
    assert.equal(dailies.length, DAILY_COPIES);
    assert.ok(dailies.includes(path.basename(dailyPath(file, new Date()))), dailies.join());
    assert.ok(!dailies.includes('leverage.backup-2020-01-01.sqlite'), 'the oldest are pruned');
    assert.deepEqual(taskIds(fs.readFileSync(`${file}.bak`)), ['a']);
    // Today's copy is the record as it was before the day's first save.
    assert.deepEqual(taskIds(fs.readFileSync(dailyPath(file, new Date()))), []);
  });

  it('only a whole database of ours counts as plausible: empty, cut or schema-less bytes are refused', () => {
    const db = new SQL.Database();
    const bare = db.export();
    migrate(db);
    const whole = db.export();
    db.close();
    assert.doesNotThrow(() => assertWholeDatabase(whole));
    assert.throws(() => assertWholeDatabase(new Uint8Array(0)), /not a SQLite file/);
    assert.throws(() => assertWholeDatabase(whole.subarray(0, whole.length - 1)), /incomplete/);
    assert.throws(() => assertWholeDatabase(bare), /without a schema version/);
  });

  it('a cut file another window left is not taken on reload; the window keeps its copy', async () => {
    await saved(['a']);
    const { store } = await SqliteTaskStore.open(SQL, { file });
    const whole = fs.readFileSync(file);
    fs.writeFileSync(`${file}.next`, whole.subarray(0, whole.length / 2));
    fs.renameSync(`${file}.next`, file);
    assert.equal(await store.reloadIfChanged(), false);
    assert.equal(store.get('a')?.id, 'a');
    await store.close();
  });

  it('short writes are continued until every byte is written', async () => {
    const realWrite = io.write;
    io.write = (handle, bytes, offset, length, position) => realWrite(handle, bytes, offset, Math.min(length, 1000), position);
    try {
      await saved(Array.from({ length: 50 }, (_, i) => `t${i}`));
    } finally {
      io.write = realWrite;
    }
    assert.equal(taskIds(fs.readFileSync(file)).length, 50);
  });

  it('a write cut short with no error fails the save and leaves file and .bak untouched', async () => {
    await saved(['a', 'b']);
    const before = fs.readFileSync(file);
    const bak = fs.readFileSync(`${file}.bak`);
    const errors: unknown[] = [];
    const { store } = await SqliteTaskStore.open(SQL, { file, onError: (e) => errors.push(e) });
    const realWrite = io.write;
    let budget = 4096;
    io.write = async (handle, bytes, offset, length, position) => {
      const n = Math.min(length, budget);
      budget -= n;
      return n === 0 ? { bytesWritten: 0 } : realWrite(handle, bytes, offset, n, position);
    };
    try {
      store.put(task('c'));
      await assert.rejects(store.flush(), /No space left/);
    } finally {
      io.write = realWrite;
    }
    assert.equal(errors.length, 1);
    assert.deepEqual(fs.readFileSync(file), before);
    assert.deepEqual(fs.readFileSync(`${file}.bak`), bak);
    assert.deepEqual(leftovers(), []);
    await store.close();
    assert.deepEqual(taskIds(fs.readFileSync(file)), ['a', 'b', 'c'], 'saved once the disk takes writes again');
  });

  it('does not save unchanged state: an upsert that changes nothing writes nothing', async () => {
    await saved(['a']);
    const { store } = await SqliteTaskStore.open(SQL, { file, saveDelayMs: 10 });
    const stamp = fs.statSync(file);
    store.put({ ...task('a'), title: 'older edit', updatedAt: 0 }); // older than the stored copy: the upsert keeps the row
    await store.flush();
    assert.equal(fs.statSync(file).ino, stamp.ino, 'nothing changed: no export, no write');
    store.put({ ...task('a'), title: 'newer edit', updatedAt: 5 });
    await store.flush();
    assert.notEqual(fs.statSync(file).ino, stamp.ino, 'a real change is saved');
    await store.close();
  });

  it('a file replaced on disk while a save writes its temp file is merged, not overwritten (fence)', async () => {
    await saved(['a']);
    const { store: w } = await SqliteTaskStore.open(SQL, { file, saveDelayMs: 60_000 });
    w.put(task('from-w'));
    // While W writes its temp file, a writer that ignores the lock (as a stalled window whose
    // lock went stale does) renames its own file, with a task "victim", into place.
    const other = new SQL.Database(fs.readFileSync(file));
    other.run("INSERT INTO tasks (id, title, workspace, started_at, updated_at) VALUES ('victim', 'v', '', 1, 1)");
    fs.writeFileSync(`${file}.other`, other.export());
    other.close();
    const realWrite = io.write;
    io.write = async (handle, bytes, offset, length, position) => {
      io.write = realWrite;
      fs.renameSync(`${file}.other`, file);
      return realWrite(handle, bytes, offset, length, position);
    };
    try {
      await w.flush();
    } finally {
      io.write = realWrite;
    }
    await w.close();
    assert.deepEqual(taskIds(fs.readFileSync(file)), ['a', 'from-w', 'victim']);
  });
});

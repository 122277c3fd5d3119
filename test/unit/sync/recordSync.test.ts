import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RecordSync } from '../../../src/app/recordSync';
import { SyncLoop } from '../../../src/app/syncLoop';
import type { Machine } from '../../../src/domain/machine';
import type { Task } from '../../../src/domain/task';
import { describe as describeError } from '../../../src/storage/loadDatabase';
import { encodeSyncFile, syncFileName } from '../../../src/storage/syncFile';
import { SyncFolder } from '../../../src/storage/syncFolder';
import { appFixture, closeFixtures, type AppFixture } from '../app/fixture';
import { LAPTOP, DESKTOP } from '../../support/machines';

/** One machine: its own record (a real store in its own folder) syncing through the shared folder. */
interface Side {
  readonly app: AppFixture;
  readonly sync: RecordSync;
  readonly loop: SyncLoop;
  readonly told: string[];
  readonly logged: string[];
}

async function machine(self: Machine, folder: string, idPrefix: string): Promise<Side> {
  const app = await appFixture({ idPrefix });
  const sync = new RecordSync(app.store, self);
  const told: string[] = [];
  const logged: string[] = [];
  const loop = new SyncLoop({
    sync,
    open: (dir) => new SyncFolder(dir, self),
    describe: describeError,
    changed: () => app.service.externalChange(),
    log: (m) => logged.push(m),
    tell: (m) => told.push(m),
  });
  app.service.onDidChange.on(() => loop.touch());
  loop.use(folder);
  await loop.tick();
  return { app, sync, loop, told, logged };
}

/** Starts and stops a task on one side; returns it. */
function recordTask(side: { readonly app: AppFixture }, title: string, hours: number): Task {
  const started = side.app.service.start(title);
  assert.ok(started.ok);
  side.app.clock.advance(60_000);
  const stopped = side.app.service.stop({ humanHours: hours });
  assert.ok(stopped.ok);
  side.app.clock.advance(1_000);
  return stopped.value;
}

function titles(side: Side): string[] {
  return side.app.store
    .list()
    .map((t) => t.title)
    .sort();
}

/** Both sides take in each other's files until neither changes (a few passes at most). */
async function exchange(...sides: Side[]): Promise<void> {
  for (let pass = 0; pass < 3; pass++) for (const side of sides) await side.loop.tick();
}

describe('sync folder: one record across machines', () => {
  let folder: string;
  let sides: Side[] = [];

  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'leverage-sync-'));
  });

  afterEach(async () => {
    for (const s of sides) s.loop.dispose();
    sides = [];
    await closeFixtures();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  async function two(): Promise<[Side, Side]> {
    const laptop = await machine(LAPTOP, folder, 'lap-');
    const desktop = await machine(DESKTOP, folder, 'desk-');
    sides = [laptop, desktop];
    return [laptop, desktop];
  }

  it('two stores with their own files in one folder converge after edits on both, and each task keeps its machine', async () => {
    const [laptop, desktop] = await two();
    const a = recordTask(laptop, 'Laptop task', 2);
    const b = recordTask(desktop, 'Desktop task', 3);
    await exchange(laptop, desktop);
    assert.deepEqual(titles(laptop), ['Desktop task', 'Laptop task']);
    assert.deepEqual(titles(desktop), ['Desktop task', 'Laptop task']);
    assert.deepEqual(fs.readdirSync(folder).sort(), [syncFileName(LAPTOP), syncFileName(DESKTOP)].sort());

    // Edits on both machines, each on the other's task.
    laptop.app.clock.advance(10_000);
    assert.ok(laptop.app.editor.edit(b.id, 'title', 'Desktop task, renamed on the laptop').ok);
    desktop.app.clock.advance(10_000);
    assert.ok(desktop.app.editor.edit(a.id, 'estimate', '5h').ok);
    await exchange(laptop, desktop);

    for (const side of [laptop, desktop]) {
      assert.equal(side.app.store.get(b.id)?.title, 'Desktop task, renamed on the laptop');
      assert.equal(side.app.store.get(a.id)?.humanHours, 5);
    }
    // Origins: a task recorded here has none; one from the other machine names it.
    assert.equal(laptop.app.store.get(a.id)?.machine, undefined);
    assert.deepEqual(laptop.app.store.get(b.id)?.machine, DESKTOP);
    assert.deepEqual(desktop.app.store.get(a.id)?.machine, LAPTOP);
    assert.equal(desktop.app.store.get(b.id)?.machine, undefined);
    // A task from another machine is never this window's running task.
    assert.equal(desktop.app.service.running(), undefined);
  });

  it("a window starting over its machine's up-to-date file leaves it as it is, and writes it once the record changes", async () => {
    const laptop = await machine(LAPTOP, folder, 'lap-');
    sides = [laptop];
    recordTask(laptop, 'Laptop task', 2);
    await laptop.loop.tick();
    const file = path.join(folder, syncFileName(LAPTOP));
    const before = fs.statSync(file);
    // A second window of the same machine: same record, its own loop and folder reader.
    const second = new SyncLoop({
      sync: laptop.sync,
      open: (dir) => new SyncFolder(dir, LAPTOP),
      describe: describeError,
      changed: () => undefined,
      log: () => undefined,
      tell: () => undefined,
    });
    try {
      second.use(folder);
      await second.tick();
      const after = fs.statSync(file);
      assert.deepEqual([after.ino, after.mtimeMs], [before.ino, before.mtimeMs], 'not rewritten');
      recordTask(laptop, 'Another task', 1);
      second.touch();
      await second.tick();
      assert.notEqual(fs.statSync(file).ino, before.ino, 'written once the record changed');
    } finally {
      second.dispose();
    }
  });

  it('the record version moves with what the sync file holds, not with a running task', async () => {
    const laptop = await machine(LAPTOP, folder, 'lap-');
    sides = [laptop];
    const before = laptop.sync.version();
    const started = laptop.app.service.start('Running');
    assert.ok(started.ok);
    laptop.app.clock.advance(10_000);
    assert.ok(laptop.app.editor.edit(started.value.id, 'title', 'Running, renamed').ok);
    assert.equal(laptop.sync.version(), before, 'a running task is not in the file');
    laptop.app.clock.advance(60_000);
    assert.ok(laptop.app.service.stop({ humanHours: 1 }).ok);
    assert.notEqual(laptop.sync.version(), before, 'a stopped one is');
  });

  it('conflicting edits of one task resolve to the later updated_at, whichever machine syncs first', async () => {
    const [laptop, desktop] = await two();
    const task = recordTask(laptop, 'Shared task', 1);
    await exchange(laptop, desktop);
    // The desktop's edit is the later one, but the laptop syncs last.
    laptop.app.clock.t = task.updatedAt + 5_000;
    desktop.app.clock.t = task.updatedAt + 9_000;
    assert.ok(desktop.app.editor.edit(task.id, 'title', 'Later title (desktop)').ok);
    assert.ok(laptop.app.editor.edit(task.id, 'title', 'Earlier title (laptop)').ok);
    await desktop.loop.tick();
    await laptop.loop.tick();
    await exchange(laptop, desktop);
    assert.equal(laptop.app.store.get(task.id)?.title, 'Later title (desktop)');
    assert.equal(desktop.app.store.get(task.id)?.title, 'Later title (desktop)');
  });

  it("an edit here wins over the copy it edits even when that copy's machine has a clock ahead of this one", async () => {
    const [laptop, desktop] = await two();
    desktop.app.clock.advance(3_600_000); // the desktop's clock runs an hour ahead
    const task = recordTask(desktop, 'Written by a fast clock', 1);
    await exchange(desktop, laptop);
    assert.ok(task.updatedAt > laptop.app.clock.now());
    assert.ok(laptop.app.editor.edit(task.id, 'title', 'Renamed on the laptop').ok);
    assert.equal(laptop.app.store.get(task.id)?.title, 'Renamed on the laptop');
    await exchange(laptop, desktop);
    assert.equal(desktop.app.store.get(task.id)?.title, 'Renamed on the laptop');
  });

  it('a deleted task stays deleted on every machine, also against an older edit made elsewhere', async () => {
    const [laptop, desktop] = await two();
    const task = recordTask(desktop, 'To be deleted', 1);
    await exchange(laptop, desktop);
    assert.deepEqual(titles(laptop), ['To be deleted']);
    // The desktop edits first (older), then the laptop deletes (newer).
    desktop.app.clock.t = task.updatedAt + 1_000;
    assert.ok(desktop.app.editor.edit(task.id, 'title', 'Edited before the deletion').ok);
    laptop.app.clock.t = task.updatedAt + 2_000;
    assert.ok(laptop.app.editor.delete(task.id).ok);
    await exchange(desktop, laptop);
    await exchange(laptop, desktop);
    assert.deepEqual(titles(laptop), []);
    assert.deepEqual(titles(desktop), []);
    assert.notEqual(desktop.app.store.get(task.id)?.deletedAt, undefined);
  });

  it("a task from another machine keeps the tokens measured there when this machine's log scan re-attributes its workspace", async () => {
    const [laptop, desktop] = await two();
    const task = recordTask(desktop, 'Desktop task with tokens', 1);
    const tokensDetail = {
      input: 400,
      output: 100,
      cacheCreation: 0,
      cacheRead: 0,
      models: { 'claude-x': 500 },
      costUsd: 0,
      unpricedModels: [],
    };
    desktop.app.store.put({ ...task, tokens: 500, tokensSource: 'measured', tokensDetail, updatedAt: task.updatedAt + 1 });
    await exchange(desktop, laptop);
    assert.equal(laptop.app.store.get(task.id)?.tokens, 500);
    // Same workspace key on both machines, and the laptop's logs hold nothing for it.
    laptop.app.clock.t = desktop.app.clock.t;
    laptop.app.tokens.refreshRecent();
    assert.equal(laptop.app.store.get(task.id)?.tokens, 500);
  });

  it('a truncated peer file is skipped, never half-read, and taken in once it is complete', async () => {
    const laptop = await machine(LAPTOP, folder, 'lap-');
    sides = [laptop];
    // A third machine's file, arriving in two halves as a sync tool fills it in place.
    const third: Machine = { id: '0b5c6a1e-3333-4a4a-8a8a-000000000003', name: 'codespace' };
    const task: Task & { machine: Machine } = {
      id: 'third-1',
      title: 'Recorded in a Codespace',
      workspace: 'ws',
      startedAt: 1_000,
      stoppedAt: 61_000,
      humanHours: 4,
      aiMinutes: 1,
      aiSource: 'measured',
      updatedAt: 61_000,
      machine: third,
    };
    const commit = {
      taskId: 'third-1',
      repo: '/r',
      hash: 'abc',
      subject: 'Fix',
      authoredAt: 30_000,
      files: 1,
      insertions: 2,
      deletions: 3,
    };
    const bytes = await encodeSyncFile({ machine: third, entries: [{ task, commits: [commit] }] });
    const file = path.join(folder, syncFileName(third));
    for (const cut of [1, Math.floor(bytes.length / 2), bytes.length - 5]) {
      fs.writeFileSync(file, bytes.subarray(0, cut));
      await laptop.loop.tick();
      assert.equal(laptop.app.store.get('third-1'), undefined, `cut at ${cut} of ${bytes.length} bytes`);
    }
    assert.ok(laptop.logged.some((m) => m.includes('skipped') && m.includes(syncFileName(third))));
    fs.appendFileSync(file, bytes.subarray(bytes.length - 5));
    await laptop.loop.tick();
    const taken = laptop.app.store.get('third-1');
    assert.equal(taken?.title, 'Recorded in a Codespace');
    assert.deepEqual(taken?.machine, third);
    assert.equal(laptop.app.store.commitCounts().get('third-1'), 1);
    assert.deepEqual(laptop.told, []);
  });

  it('a missing sync folder never stops the record: the user is told once, and again when it works', async () => {
    const app = await appFixture({ idPrefix: 'solo-' });
    const missing = path.join(folder, 'not-yet');
    const told: string[] = [];
    const loop = new SyncLoop({
      sync: new RecordSync(app.store, LAPTOP),
      open: (dir) => new SyncFolder(dir, LAPTOP),
      describe: describeError,
      changed: () => undefined,
      log: () => undefined,
      tell: (m) => told.push(m),
    });
    loop.use(missing);
    for (let i = 0; i < 3; i++) await loop.tick();
    recordTask({ app }, 'Still recorded', 1);
    loop.touch();
    await loop.tick();
    assert.equal(told.length, 1);
    assert.match(told[0], /does not exist/);
    assert.deepEqual(
      app.store.list().map((t) => t.title),
      ['Still recorded'],
    );
    fs.mkdirSync(missing);
    await loop.tick();
    loop.dispose();
    assert.equal(told.length, 2);
    assert.match(told[1], /again/);
    assert.ok(fs.existsSync(path.join(missing, syncFileName(LAPTOP))));
  });

  it('a machine file that cannot be written is reported once, reading the others goes on, and it is written once it can be', async () => {
    // A folder where this machine's file belongs makes every write fail, as a read-only or full disk would.
    const blocked = path.join(folder, syncFileName(LAPTOP));
    fs.mkdirSync(blocked);
    const laptop = await machine(LAPTOP, folder, 'lap-');
    const desktop = await machine(DESKTOP, folder, 'desk-');
    sides = [laptop, desktop];
    recordTask(laptop, 'Kept here meanwhile', 1);
    recordTask(desktop, 'From the desktop', 1);
    await exchange(laptop, desktop);
    assert.equal(laptop.told.length, 1, laptop.told.join('\n'));
    assert.match(laptop.told[0], /cannot use the sync folder/);
    assert.deepEqual(titles(laptop), ['From the desktop', 'Kept here meanwhile']);
    fs.rmdirSync(blocked);
    await exchange(laptop, desktop);
    assert.equal(laptop.told.length, 2);
    assert.deepEqual(titles(desktop), ['From the desktop', 'Kept here meanwhile']);
  });
});

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RecordSync, SYNC_PAGE } from '../../../src/app/recordSync';
import { SyncLoop } from '../../../src/app/syncLoop';
import type { Task } from '../../../src/domain/task';
import { benchTask } from '../../bench/benchTask';
import { describe as describeError } from '../../../src/storage/loadDatabase';
import { decodeSyncFile, syncFileName } from '../../../src/storage/syncFile';
import { SyncFolder } from '../../../src/storage/syncFolder';
import { appFixture, closeFixtures, T0 } from '../app/fixture';
import { LAPTOP, DESKTOP } from '../../support/machines';

const TASKS = 3_000;

/** Runs `work` while a setImmediate loop ticks beside it; how many times the loop got to run meanwhile. */
async function ticksDuring<T>(work: () => Promise<T>): Promise<{ result: T; ticks: number }> {
  let ticks = 0;
  let running = true;
  const tick = () => {
    if (!running) return;
    ticks++;
    setImmediate(tick);
  };
  setImmediate(tick);
  const result = await work();
  running = false;
  return { result, ticks };
}

describe('sync folder: a pass over thousands of tasks runs in slices', () => {
  let folder: string;
  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'leverage-syncslices-'));
  });
  afterEach(async () => {
    await closeFixtures();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it(`yields to the event loop between slices of the snapshot, the file check and the first sync of ${TASKS} tasks, and loses none`, async () => {
    const laptop = await appFixture({ idPrefix: 'l' });
    const desktop = await appFixture({ idPrefix: 'd' });
    for (let i = 0; i < TASKS; i++) {
      const id = `task-${String(i).padStart(5, '0')}`;
      const task = stopped(id, i);
      laptop.store.put(task);
      const commit = {
        taskId: id,
        repo: '/r',
        hash: `h${i}`,
        subject: 'Fix',
        authoredAt: task.startedAt,
        files: 1,
        insertions: 2,
        deletions: 0,
      };
      laptop.store.replaceCommits(id, '/r', [commit]);
    }
    const mine = new RecordSync(laptop.store, LAPTOP);
    const theirs = new RecordSync(desktop.store, DESKTOP);

    const snapshot = await ticksDuring(() => mine.snapshot());
    assert.equal(snapshot.result.entries.length, TASKS);
    // One yield between pages of the store at least, whatever the machine's speed.
    assert.ok(snapshot.ticks >= Math.ceil(TASKS / SYNC_PAGE) - 1, `snapshot: ${snapshot.ticks} ticks`);

    const write = await ticksDuring(() => new SyncFolder(folder, LAPTOP).write(snapshot.result));
    assert.equal(write.result, true);
    assert.ok(write.ticks > 0, 'encoding and writing the file let the event loop run');

    const fileBytes = fs.statSync(path.join(folder, `${LAPTOP.id}.leverage-sync`)).size;
    const read = await ticksDuring(() => new SyncFolder(folder, DESKTOP).readChanged());
    assert.equal(read.result.records.length, 1);
    // The checksum alone is taken in 1 MB slices with a yield between.
    assert.ok(read.ticks >= Math.ceil(fileBytes / (1 << 20)) - 1, `read ${fileBytes} bytes: ${read.ticks} ticks`);

    const apply = await ticksDuring(() => theirs.apply(read.result.records));
    assert.equal(apply.result, TASKS);
    assert.ok(apply.ticks > 0, 'the first sync let the event loop run');
    assert.equal(desktop.store.list().length, TASKS);
    const counts = desktop.store.commitCounts();
    assert.equal(counts.size, TASKS, 'every task came with its commit, across page boundaries');
    assert.ok([...counts.values()].every((n) => n === 1));
  });

  it('a task stored while the snapshot is read page by page, before the page being read, is in the next write', async () => {
    const laptop = await appFixture({ idPrefix: 'l' });
    for (let i = 0; i < 3 * SYNC_PAGE; i++) laptop.store.put(stopped(`task-${String(i).padStart(5, '0')}`, i));
    const sync = new RecordSync(laptop.store, LAPTOP);
    // What each write published, as the real adapter writes it.
    const writes: string[][] = [];
    const loop = new SyncLoop({
      sync,
      open: (dir) => {
        const real = new SyncFolder(dir, LAPTOP);
        return {
          folder: dir,
          readChanged: () => real.readChanged(),
          write: (record) => {
            writes.push(record.entries.map((e) => e.task.id));
            return real.write(record);
          },
        };
      },
      describe: describeError,
      changed: () => undefined,
      log: () => undefined,
      tell: () => undefined,
    });
    // Between the first and the second page (the yield), a task sorting before the cursor is stored, as a stop here would.
    const page = laptop.store.syncPage.bind(laptop.store);
    let pages = 0;
    laptop.store.syncPage = (after, limit) => {
      if (++pages === 2) {
        laptop.store.put(stopped('a-stored-meanwhile', 0));
        loop.touch();
      }
      return page(after, limit);
    };
    try {
      loop.use(folder);
      // The pass `use` started, then the one asked for meanwhile.
      await loop.tick();
    } finally {
      loop.dispose();
    }
    assert.ok(writes.length >= 2, `${writes.length} writes`);
    assert.ok(!writes[0].includes('a-stored-meanwhile'), 'the first write was read past the task before it was stored');
    const decoded = await decodeSyncFile(fs.readFileSync(path.join(folder, syncFileName(LAPTOP))));
    assert.ok(decoded.ok);
    const written = decoded.record.entries.map((e) => e.task.id);
    assert.ok(written.includes('a-stored-meanwhile'));
    assert.equal(written.length, 3 * SYNC_PAGE + 1);
  });
});

/** A stopped task of this machine, with the given id. */
function stopped(id: string, i: number): Task {
  return { ...benchTask(i, T0, T0 + i), id };
}

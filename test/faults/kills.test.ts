import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import initSqlJs from 'sql.js';
import { SqliteTaskStore } from '../../src/storage/sqliteStore';
import { assertAllPresent, Child, freshDir, leftoverTemps, readRecord } from './harness';

const KILLS = 100;

describe('Faults: SIGKILL mid-save (real processes)', () => {
  it(`${KILLS} kills at random moments while saving: every acknowledged task kept, the file sound, no temp file left`, async () => {
    const { dir, file } = freshDir('kills');
    try {
      const seed = new Child({ file, name: 'seed', count: 3, batch: 3 });
      await seed.done(60_000);
      const acked = [...seed.acked];
      let killedWithTemp = 0;
      let waitedOutLock = 0;
      for (let round = 0; round < KILLS; round++) {
        // Each process saves back to back (a flush per 3 tasks) and says when it writes a temp file;
        // it is killed a random 0-10 ms after one of its first saves began writing.
        const child = new Child({ file, name: `k${round}`, count: 1_000_000, batch: 3, announceSave: 'each' });
        const nth = 1 + Math.floor(Math.random() * 3);
        const spawned = Date.now();
        await child.waitFor((l) => l.saving === true, 60_000, 'a first save');
        // A kill between taking the lock and naming its owner leaves a lock nobody can claim: waited out (10 s).
        if (Date.now() - spawned > 5_000) waitedOutLock++;
        await child.waitFor((l) => child.lines.filter((x) => x.saving).length >= nth && l.saving === true, 60_000, `save ${nth}`);
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10));
        child.signal('SIGKILL');
        await child.exited;
        if (leftoverTemps(dir).length > 0) killedWithTemp++;
        acked.push(...child.acked);
        // The next process opens whatever the kill left: it must be a sound record with every acknowledged task.
        assertAllPresent(await readRecord(file), acked);
      }
      const { store, notice } = await SqliteTaskStore.open(await initSqlJs(), { file });
      assert.equal(notice, undefined, notice?.message);
      await store.close();
      assert.deepEqual(leftoverTemps(dir), [], 'opening removed what killed saves left');
      assertAllPresent(await readRecord(file), acked);
      console.log(
        `      ${acked.length} tasks acknowledged; ${killedWithTemp} of ${KILLS} kills left a temp file behind (removed at the next open); ${waitedOutLock} processes waited out a lock left without owner`,
      );
      assert.ok(killedWithTemp > KILLS / 4, 'the kills really landed inside saves');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { assertAllPresent, Child, freshDir, leftoverTemps, readRecord } from './harness';

describe('Faults: a writer stalled inside a save (real processes, SIGSTOP)', () => {
  it('W stopped 12 s while writing, V takes the stale lock and saves "victim": after SIGCONT nothing is lost', async () => {
    const { dir, file } = freshDir('stall');
    try {
      const seed = new Child({ file, name: 'seed', count: 5, batch: 5 });
      await seed.done(60_000);
      // V is an open window; W stops (like a laptop sleeping) in the middle of writing its temp file, holding the lock.
      const v = new Child({ file, name: 'victim', count: 1, batch: 1, retries: 1, startOnInput: true });
      await v.waitFor((l) => l.opened === true, 60_000, 'V open');
      const w = new Child({ file, name: 'w', count: 3, batch: 3, announceSave: 'hold' });
      await w.waitFor((l) => l.saving === true, 60_000, 'W inside a save');
      w.signal('SIGSTOP');
      const stoppedAt = Date.now();
      // V saves meanwhile: it waits until W's lock counts as abandoned (10 s), takes it over, saves.
      v.go();
      await v.done(60_000);
      const vWaited = Date.now() - stoppedAt;
      assert.ok((await readRecord(file)).has('victim-0'), 'V saved');
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, 12_000 - (Date.now() - stoppedAt))));
      w.signal('SIGCONT');
      await w.done(60_000);
      const record = await readRecord(file);
      assertAllPresent(record, [...seed.acked, ...v.acked, ...w.acked]);
      assert.deepEqual(w.acked, ['w-0', 'w-1', 'w-2']);
      assert.deepEqual(leftoverTemps(dir), []);
      console.log(`      V saved ${(vWaited / 1000).toFixed(1)} s after W stopped; W resumed at 12 s and merged`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

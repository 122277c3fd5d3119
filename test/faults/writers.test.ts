import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { assertAllPresent, assertNewestEditsWin, Child, freshDir, leftoverTemps, readRecord } from './harness';

describe('Faults: concurrent writers (real processes)', () => {
  for (const writers of [2, 3]) {
    it(`${writers} processes × 1,000 tasks and shared edits: nothing lost or duplicated, the newest edit wins`, async () => {
      const { dir, file } = freshDir(`writers${writers}`);
      try {
        // Edit stamps are i * 10 + seq: unique across processes, and interleaved in time.
        const children = Array.from(
          { length: writers },
          (_, w) => new Child({ file, name: `w${w}`, count: 1000, batch: 25, shared: 10, seq: w }),
        );
        await Promise.all(children.map((c) => c.done(150_000)));
        const record = await readRecord(file);
        const acked = children.flatMap((c) => c.acked);
        assert.equal(acked.length, writers * 1000);
        assertAllPresent(record, acked);
        assert.equal(record.size, writers * 1000 + 10, 'every task once, plus the ten shared ones');
        assertNewestEditsWin(
          record,
          children.flatMap((c) => c.edits),
        );
        assert.deepEqual(leftoverTemps(dir), []);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});

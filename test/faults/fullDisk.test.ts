import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { assertAllPresent, Child, freshDir, leftoverTemps, readRecord } from './harness';

/** Mounts a 4 MB tmpfs at `dir` if this machine allows it (root, no container restriction). */
function mountSmallDisk(dir: string): boolean {
  return spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', dir], { stdio: 'ignore' }).status === 0;
}

/**
 * Fills the disk with a writer, checks what is on disk while it stays full, then gives room back
 * and checks the writer saved everything it was still holding.
 */
async function fillAndRecover(dir: string, file: string, extra: { diskBytes?: number }, freeSpace: () => void): Promise<void> {
  const child = new Child({ file, name: 'd', count: 1_000_000, batch: 40, titleLength: 2000, retryOnInput: true, ...extra });
  await child.waitFor((l) => l.waiting === true, 60_000, 'a save failing on the full disk');
  // While the disk stays full: every acknowledged task is on disk in a sound file, the backup is sound, no temp file.
  assertAllPresent(await readRecord(file), child.acked);
  await readRecord(`${file}.bak`);
  assert.deepEqual(leftoverTemps(dir), []);
  assert.match(child.told.join('\n'), /No space left|ENOSPC/, 'the user was told');
  const heldInMemory = child.lines.filter((l) => l.waiting).length;
  freeSpace();
  child.go();
  await child.done(60_000);
  const record = await readRecord(file);
  assertAllPresent(record, child.acked);
  assert.ok(child.acked.length >= 40, `${child.acked.length} tasks acknowledged`);
  assert.match(child.told.join('\n'), /saved .* again/, 'the user was told it saved again');
  assert.deepEqual(leftoverTemps(dir), []);
  console.log(`      ${child.acked.length} tasks on disk after space returned (${heldInMemory} failed save held them in memory)`);
}

describe('Faults: a full disk (real processes)', () => {
  it('a 4 MB tmpfs that fills up: the save that hits it fails loudly, the file and .bak stay sound, everything is saved once space returns', async function () {
    const { dir, file } = freshDir('tmpfs');
    if (!mountSmallDisk(dir)) {
      fs.rmSync(dir, { recursive: true, force: true });
      this.skip(); // the injected variant below covers machines that cannot mount
    }
    try {
      const filler = `${dir}/filler`;
      fs.writeFileSync(filler, Buffer.alloc(1 << 20));
      await fillAndRecover(dir, file, {}, () => fs.rmSync(filler));
    } finally {
      spawnSync('umount', [dir]);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('injected short writes (the disk takes 600 kB, then nothing): the same guarantees', async () => {
    const { dir, file } = freshDir('short');
    try {
      await fillAndRecover(dir, file, { diskBytes: 600_000 }, () => undefined);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

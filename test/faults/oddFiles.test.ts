import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import initSqlJs from 'sql.js';
import { SCHEMA_VERSION } from '../../src/storage/migrations';
import { assertAllPresent, Child, freshDir, leftoverTemps, readRecord } from './harness';

/** A record written by a real process in three saves, so `.bak` holds the first two. */
async function seeded(file: string): Promise<Child> {
  const seed = new Child({ file, name: 'seed', count: 6, batch: 2 });
  await seed.done(60_000);
  return seed;
}

/** Where a damaged original was moved. */
function asideIn(dir: string): string | undefined {
  return fs.readdirSync(dir).find((f) => f.startsWith('leverage.corrupt-'));
}

/** Opens the damaged record in a new process, which writes one task; returns that process. */
async function openWith(file: string, extra: { uid?: number; retryOnInput?: boolean } = {}): Promise<Child> {
  const child = new Child({ file, name: 'after', count: 1, batch: 1, ...extra });
  await child.waitFor((l) => l.opened === true, 60_000, 'open');
  return child;
}

describe("Faults: odd files at the record's path (real processes)", () => {
  let dir: string;
  let file: string;
  beforeEach(() => ({ dir, file } = freshDir('odd')));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const damages: [string, (file: string) => void][] = [
    ['zero-byte', (f) => fs.writeFileSync(f, '')],
    ['truncated', (f) => fs.truncateSync(f, Math.floor(fs.statSync(f).size / 2))],
    ['random-bytes', (f) => fs.writeFileSync(f, crypto.randomBytes(64 * 1024))],
    [
      'directory',
      (f) => {
        fs.rmSync(f);
        fs.mkdirSync(f);
      },
    ],
  ];
  for (const [name, damage] of damages) {
    it(`${name}: moved aside intact, the sound .bak restored (never overwritten), the user told, the window saves`, async () => {
      const seed = await seeded(file);
      const bakBefore = await readRecord(`${file}.bak`);
      damage(file);
      const original = fs.statSync(file).isDirectory() ? 'dir' : fs.readFileSync(file).toString('base64');
      const child = await openWith(file);
      await child.done(60_000);
      const opened = child.lines.find((l) => l.opened)!;
      assert.match(
        String(opened.notice),
        new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} .*moved to .*Restored the previous copy`, 's'),
      );
      assert.equal(opened.tasks, bakBefore.size, 'the window shows the .bak generation');
      const aside = asideIn(dir);
      assert.ok(aside, 'the original was moved aside');
      const kept = fs.statSync(path.join(dir, aside)).isDirectory() ? 'dir' : fs.readFileSync(path.join(dir, aside)).toString('base64');
      assert.equal(kept, original, 'the original is kept as it was');
      const record = await readRecord(file);
      assertAllPresent(record, [...bakBefore.keys(), ...child.acked]);
      assert.deepEqual(
        [...(await readRecord(`${file}.bak`)).keys()].sort(),
        [...bakBefore.keys()].sort(),
        '.bak still the last sound copy',
      );
      assert.ok(seed.acked.length === 6);
      assert.deepEqual(leftoverTemps(dir), []);
    });
  }

  it('unreadable (permission denied): left as it is, the user told, changes kept and merged once it is readable', async () => {
    const seed = await seeded(file);
    const asRoot = process.getuid?.() === 0;
    fs.chmodSync(dir, 0o777);
    fs.chmodSync(file, 0o000);
    // Root reads anything, so the window runs as "nobody" then; otherwise as ourselves.
    const child = await openWith(file, { uid: asRoot ? 65534 : undefined, retryOnInput: true });
    const opened = child.lines.find((l) => l.opened)!;
    assert.match(String(opened.notice), /cannot read .*permission denied.*left as it is/s);
    await child.waitFor((l) => l.waiting === true, 60_000, 'a save failing while unreadable');
    assert.equal(fs.statSync(file).mode & 0o777, 0, 'nothing touched the file');
    fs.chmodSync(file, 0o666);
    child.go();
    await child.done(60_000);
    const record = await readRecord(file);
    assertAllPresent(record, [...seed.acked, ...child.acked]);
    assert.match(child.told.join('\n'), /saved .* again/);
    assert.deepEqual(leftoverTemps(dir), []);
  });

  it('read-only folder: the window opens and keeps its changes, the user told, saved once the folder is writable', async () => {
    const seed = await seeded(file);
    const asRoot = process.getuid?.() === 0;
    fs.chmodSync(file, 0o644);
    fs.chmodSync(`${file}.bak`, 0o644);
    fs.chmodSync(dir, 0o555);
    const child = await openWith(file, { uid: asRoot ? 65534 : undefined, retryOnInput: true });
    const opened = child.lines.find((l) => l.opened)!;
    assert.equal(opened.notice, undefined, 'a readable record opens as usual');
    assert.equal(opened.tasks, seed.acked.length);
    await child.waitFor((l) => l.waiting === true, 60_000, 'a save failing in the read-only folder');
    assert.match(child.told.join('\n'), /permission denied|EACCES/);
    fs.chmodSync(dir, 0o777);
    child.go();
    await child.done(60_000);
    assertAllPresent(await readRecord(file), [...seed.acked, ...child.acked]);
    assert.match(child.told.join('\n'), /saved .* again/);
    assert.deepEqual(leftoverTemps(dir), []);
  });

  it('newer schema: opened read-only with a notice, the file never written', async () => {
    await seeded(file);
    const SQL = await initSqlJs();
    const db = new SQL.Database(fs.readFileSync(file));
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
    fs.writeFileSync(file, db.export());
    db.close();
    const before = fs.readFileSync(file);
    const child = await openWith(file);
    await child.done(60_000);
    const opened = child.lines.find((l) => l.opened)!;
    assert.match(String(opened.notice), /newer version.*not saved/s);
    assert.ok(opened.readOnly);
    assert.deepEqual(fs.readFileSync(file), before);
    assert.deepEqual(leftoverTemps(dir), []);
  });

  it('locked by a window that died mid-save: opening does not wait, the save waits out the stale lock', async () => {
    const seed = await seeded(file);
    fs.mkdirSync(`${file}.lock`); // no owner recorded: only the 10 s stale limit can free it
    const started = Date.now();
    const child = await openWith(file);
    const openMs = Date.now() - started;
    await child.done(60_000);
    assert.ok(openMs < 5_000, `opened in ${openMs} ms`);
    assertAllPresent(await readRecord(file), [...seed.acked, ...child.acked]);
    assert.ok(!fs.existsSync(`${file}.lock`), 'the lock was taken over and released');
  });
});

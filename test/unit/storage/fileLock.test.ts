import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { acquireLock } from '../../../src/storage/fileLock';

let dir: string;
let file: string;

/** The id of a process that ran on this machine and has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('fileLock', () => {
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leverage-lock-'));
    file = path.join(dir, 'leverage.sqlite');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('takes over at once a fresh lock whose owner on this machine has exited', async () => {
    fs.mkdirSync(`${file}.lock`);
    fs.writeFileSync(`${file}.lock-owner`, JSON.stringify({ pid: deadPid(), host: os.hostname(), token: 'gone' }));
    const started = Date.now();
    const lock = await acquireLock(file);
    assert.ok(Date.now() - started < 2_000, `took ${Date.now() - started} ms`);
    assert.ok(await lock.stillOurs());
    await lock.release();
    assert.ok(!fs.existsSync(`${file}.lock`));
  });

  it('takes over at once a lock whose holder died before naming itself (its prepared record is next to it)', async () => {
    fs.mkdirSync(`${file}.lock`);
    const past = new Date(Date.now() - 3_000);
    fs.utimesSync(`${file}.lock`, past, past);
    const pid = deadPid();
    fs.writeFileSync(`${file}.lock-owner.${pid}-abcd.tmp`, JSON.stringify({ pid, host: os.hostname(), token: 'abcd' }));
    const started = Date.now();
    const lock = await acquireLock(file);
    assert.ok(Date.now() - started < 2_000, `took ${Date.now() - started} ms`);
    await lock.release();
  });

  it('waits for an unnamed lock while it is younger than a live holder needs to name itself', async () => {
    fs.mkdirSync(`${file}.lock`);
    const pid = deadPid();
    fs.writeFileSync(`${file}.lock-owner.${pid}-abcd.tmp`, JSON.stringify({ pid, host: os.hostname(), token: 'abcd' }));
    await assert.rejects(acquireLock(file, 300), (err: NodeJS.ErrnoException) => err.code === 'ELOCKED');
  });

  it('does not take a fresh lock of a running owner: waits, then fails with ELOCKED', async () => {
    fs.mkdirSync(`${file}.lock`);
    fs.writeFileSync(`${file}.lock-owner`, JSON.stringify({ pid: process.pid, host: os.hostname(), token: 'alive' }));
    await assert.rejects(acquireLock(file, 300), (err: NodeJS.ErrnoException) => err.code === 'ELOCKED');
  });

  it('knows when the lock is no longer ours (another window took it over)', async () => {
    const lock = await acquireLock(file);
    assert.ok(await lock.stillOurs());
    fs.writeFileSync(`${file}.lock-owner`, JSON.stringify({ pid: process.pid, host: os.hostname(), token: 'someone else' }));
    assert.equal(await lock.stillOurs(), false);
    await lock.release();
    assert.ok(fs.existsSync(`${file}.lock-owner`), "the new owner's record is left alone");
  });
});

import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { tempNameOf, tempOwner } from './tempName';
import * as lockfile from 'proper-lockfile';

/** A lock older than this (not refreshed) is abandoned: its window crashed, slept or stalled. */
const STALE_MS = 10_000;
/** A live holder names itself within moments of taking the lock; an unnamed lock older than this is orphaned. */
const ORPHAN_MS = 1_000;
/** How long to wait for a held lock: longer than STALE_MS, so an abandoned lock is always taken over. */
const WAIT_MS = 25_000;

/** A held cross-process lock. */
export interface HeldLock {
  /** False once another process took the lock over (we were paused past the stale limit). */
  stillOurs(): Promise<boolean>;
  release(): Promise<void>;
}

/** Who holds the lock, written next to it (`<file>.lock-owner`) once it is taken. */
interface Owner {
  readonly pid: number;
  readonly host: string;
  readonly token: string;
}

/**
 * Takes the cross-process lock on `file`, waiting up to `waitMs` for a held one (a `<file>.lock` directory, created atomically by mkdir).
 * proper-lockfile refreshes the lock while held and treats one untouched for 10 s as abandoned;
 * we keep retrying for longer than that, so an abandoned lock is waited out and taken over
 * instead of failing with ELOCKED. A lock whose owner (same machine) is no longer running is
 * taken over at once, so a crashed or killed window does not hold up the others for 10 s.
 * A lock taken over from us is reported by `stillOurs`, never thrown from a timer, so the caller
 * can re-check right before it replaces the file.
 */
export async function acquireLock(file: string, waitMs = WAIT_MS): Promise<HeldLock> {
  const state = { compromised: false };
  const options: lockfile.LockOptions = {
    realpath: false,
    stale: STALE_MS,
    onCompromised: () => {
      state.compromised = true;
    },
  };
  // The owner record is written before the lock is taken and renamed into place by the very next
  // call after the lock's mkdir, so a kill almost never leaves a lock without a named owner (such
  // a lock can only be waited out).
  const owner: Owner = { pid: process.pid, host: os.hostname(), token: randomBytes(8).toString('hex') };
  const ownerTmp = tempNameOf(ownerPath(file), owner.token);
  await fs.promises.writeFile(ownerTmp, JSON.stringify(owner));
  options.fs = {
    ...fs,
    mkdir: (dir: string, done: (err: NodeJS.ErrnoException | null) => void) =>
      fs.mkdir(dir, (err) => (err ? done(err) : fs.rename(ownerTmp, ownerPath(file), () => done(null)))),
  };
  try {
    return await lockAsOwner(file, options, owner, waitMs, state);
  } finally {
    await fs.promises.rm(ownerTmp, { force: true });
  }
}

async function lockAsOwner(
  file: string,
  options: lockfile.LockOptions,
  owner: Owner,
  waitMs: number,
  state: { compromised: boolean },
): Promise<HeldLock> {
  const giveUpAt = Date.now() + waitMs;
  let release: () => Promise<void>;
  for (let delay = 20; ; delay = Math.min(250, delay * 1.5)) {
    try {
      release = await lockfile.lock(file, options);
      break;
    } catch (err) {
      // Only a held lock is worth waiting for; a read-only or missing folder fails at once.
      if ((err as NodeJS.ErrnoException).code !== 'ELOCKED') throw err;
      await nameOrphanedLock(file);
      if (await takeOverFromDeadOwner(file)) continue;
      if (Date.now() >= giveUpAt) throw err;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
  try {
    // Normally already in place (see the mkdir above); written here if that rename failed.
    if ((await readOwner(file))?.token !== owner.token) await fs.promises.writeFile(ownerPath(file), JSON.stringify(owner));
  } catch (err) {
    await release().catch(() => undefined);
    throw err;
  }
  const stillOurs = async (): Promise<boolean> => !state.compromised && (await readOwner(file))?.token === owner.token;
  return {
    stillOurs,
    release: async () => {
      const ours = await stillOurs();
      // Releasing a lock that was taken over rejects; there is nothing left of ours to release.
      await release().catch(() => undefined);
      // Removed after the lock: an owner file without a lock is harmless, a lock without one waits out the stale limit.
      if (ours && (await readOwner(file))?.token === owner.token)
        await fs.promises.rm(ownerPath(file), { force: true }).catch(() => undefined);
    },
  };
}

/** Runs `fn` while holding the lock on `file`. */
export async function withFileLock<T>(file: string, fn: (lock: HeldLock) => Promise<T>): Promise<T> {
  const lock = await acquireLock(file);
  try {
    return await fn(lock);
  } finally {
    await lock.release();
  }
}

/**
 * Removes the lock when its owner ran on this machine and is gone. The owner file is first
 * renamed to a name of our own, so of several windows seeing the same dead owner only one
 * removes the lock (the others find no owner file and wait as usual).
 */
async function takeOverFromDeadOwner(file: string): Promise<boolean> {
  const owner = await readOwner(file);
  if (!owner || owner.host !== os.hostname() || isRunning(owner.pid)) return false;
  const claimed = tempNameOf(ownerPath(file));
  try {
    await fs.promises.rename(ownerPath(file), claimed);
  } catch {
    return false;
  }
  try {
    const text = await fs.promises.readFile(claimed, 'utf8');
    if ((JSON.parse(text) as Owner).token !== owner.token) {
      // A new owner wrote in between: give its file back.
      await fs.promises.link(claimed, ownerPath(file)).catch(() => undefined);
      return false;
    }
    await fs.promises.rmdir(`${file}.lock`).catch(() => undefined);
    return true;
  } catch {
    return false;
  } finally {
    await fs.promises.rm(claimed, { force: true });
  }
}

/**
 * A lock with no owner record, untouched for longer than a live holder takes to name itself, next
 * to the prepared record of a process that no longer runs: that window died between taking the
 * lock and naming itself. Its record is linked into place (never over another), so the lock is
 * then taken over like any dead owner's instead of being waited out for 10 s.
 */
async function nameOrphanedLock(file: string): Promise<void> {
  if (await readOwner(file)) return;
  const age = await fs.promises.stat(`${file}.lock`).then(
    (s) => Date.now() - s.mtimeMs,
    () => 0,
  );
  if (age < ORPHAN_MS) return;
  for (const name of await fs.promises.readdir(path.dirname(file)).catch(() => [] as string[])) {
    const pid = tempOwner(name, ownerPath(file));
    if (pid === undefined || isRunning(pid)) continue;
    await fs.promises.link(path.join(path.dirname(file), name), ownerPath(file)).catch(() => undefined);
    return;
  }
}

async function readOwner(file: string): Promise<Owner | undefined> {
  try {
    const owner = JSON.parse(await fs.promises.readFile(ownerPath(file), 'utf8')) as Partial<Owner>;
    return typeof owner.pid === 'number' && typeof owner.host === 'string' && typeof owner.token === 'string'
      ? (owner as Owner)
      : undefined;
  } catch {
    return undefined;
  }
}

/** True when a process with this id runs on this machine. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // alive, just not ours to signal
  }
}

/** Where the lock's owner record of `file` lies. */
export function ownerPath(file: string): string {
  return `${file}.lock-owner`;
}

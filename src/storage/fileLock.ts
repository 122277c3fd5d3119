import * as lockfile from 'proper-lockfile';

/** A lock older than this (not refreshed) is abandoned: its window crashed, slept or stalled. */
const STALE_MS = 10_000;
/** How long to wait for a held lock: longer than STALE_MS, so an abandoned lock is always taken over. */
const WAIT_MS = 25_000;

/** A held cross-process lock; `compromised` turns true once another process took it over. */
export interface HeldLock {
  readonly compromised: boolean;
  release(): Promise<void>;
}

/**
 * Takes the cross-process lock on `file` (a `<file>.lock` directory, created atomically by mkdir).
 * proper-lockfile refreshes the lock while held and treats one untouched for 10 s as abandoned.
 * We keep retrying for longer than that, so a crashed window's lock is waited out and taken over
 * instead of failing with ELOCKED. A lock taken over from us (we were paused longer than 10 s) is
 * reported through `compromised`, never thrown from a timer, so the caller can re-check before
 * it replaces the file.
 */
export async function acquireLock(file: string): Promise<HeldLock> {
  const state = { compromised: false };
  const options: lockfile.LockOptions = {
    realpath: false,
    stale: STALE_MS,
    onCompromised: () => {
      state.compromised = true;
    },
  };
  const giveUpAt = Date.now() + WAIT_MS;
  let release: () => Promise<void>;
  for (let delay = 20; ; delay = Math.min(250, delay * 1.5)) {
    try {
      release = await lockfile.lock(file, options);
      break;
    } catch (err) {
      // Only a held lock is worth waiting for; a read-only or missing folder fails at once.
      if ((err as NodeJS.ErrnoException).code !== 'ELOCKED' || Date.now() > giveUpAt) throw err;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
  return {
    get compromised() {
      return state.compromised;
    },
    release: async () => {
      // Releasing a lock that was taken over rejects; there is nothing left of ours to release.
      await release().catch(() => undefined);
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

import * as lockfile from 'proper-lockfile';

/**
 * Runs `fn` while holding a cross-process lock on `file` (a `<file>.lock` directory, created
 * atomically by mkdir). proper-lockfile refreshes the lock's mtime while held and treats a lock
 * untouched for `stale` ms as abandoned, so a crashed window cannot block the others for long.
 */
export async function withFileLock<T>(file: string, fn: () => T | Promise<T>): Promise<T> {
  const release = await lockfile.lock(file, {
    realpath: false,
    stale: 10_000,
    retries: { retries: 50, minTimeout: 10, maxTimeout: 200, factor: 1.5 },
  });
  try {
    return await fn();
  } finally {
    await release();
  }
}

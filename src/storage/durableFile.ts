import * as fs from 'node:fs';
import * as path from 'node:path';
import { isRunning, ownerPath } from './fileLock';
import { rotateGenerations } from './generations';
import { tempNameOf, tempOwner } from './tempName';

/**
 * The file operations a save uses. Production uses `fs.promises`; the fault suite replaces
 * `write` to return short counts as a full disk does on some systems.
 */
export const io = {
  write: (
    handle: fs.promises.FileHandle,
    bytes: Uint8Array,
    offset: number,
    length: number,
    position: number,
  ): Promise<{ bytesWritten: number }> => handle.write(bytes, offset, length, position),
};

/** Identity of a file's current content, cheap to compare: changes whenever another writer renames over it. */
export interface FileStamp {
  readonly ino: number;
  readonly size: number;
  readonly mtimeMs: number;
}

/** The stamp of `file`, or undefined when it does not exist. */
export async function stampOf(file: string): Promise<FileStamp | undefined> {
  try {
    return toStamp(await fs.promises.stat(file));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

function toStamp(s: fs.Stats): FileStamp {
  return { ino: s.ino, size: s.size, mtimeMs: s.mtimeMs };
}

/** True when both stamps describe the same file content (or both files are absent). */
export function sameStamp(a: FileStamp | undefined, b: FileStamp | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

/** Answers, right before the file is replaced, whether we may still replace it. */
type Fence = () => Promise<boolean>;

/**
 * Replaces `file` with `bytes` so that a crash at any moment leaves either the old or the new
 * content, never a torn file, and so that a full disk or a stalled writer can never replace a
 * sound file with a worse one:
 * 1. the bytes must look like a whole SQLite database (an empty or cut export is refused);
 * 2. a temp file next to it gets every byte (a short write is retried, no progress is ENOSPC)
 *    and an fsync;
 * 3. the temp file is read back and compared with the bytes, then given the old file's mode;
 * 4. the previous file becomes the `.bak` generation (and the day's copy, see generations.ts),
 *    when `keepPrevious` says it is a sound file (never a damaged one being replaced);
 * 5. `fence` is asked right before the rename; when it says no (the lock was taken over or the
 *    file changed under us) nothing is replaced and `undefined` is returned so the caller can
 *    reload, re-apply and retry;
 * 6. rename over the file, fsync the folder.
 * Returns the stamp of the new file.
 */
export async function replaceVerified(
  file: string,
  bytes: Uint8Array,
  fence: Fence,
  keepPrevious: boolean,
): Promise<FileStamp | undefined> {
  try {
    assertWholeDatabase(bytes);
  } catch (err) {
    throw new Error(`Refusing to save: the database export is ${(err as Error).message}`);
  }
  const mode = await modeOf(file);
  const tmp = tempNameOf(file);
  try {
    const written = await writeVerifiedTemp(tmp, bytes, mode);
    if (!(await fence())) return undefined;
    if (keepPrevious) await rotateGenerations(file);
    if (!(await fence())) return undefined;
    await fs.promises.rename(tmp, file);
    await syncDirectory(path.dirname(file));
    return written;
  } finally {
    await fs.promises.rm(tmp, { force: true });
  }
}

/**
 * Replaces `file` with `bytes` (any content) so that a reader sees the old file or the new one,
 * never part of either: temp file with every byte and an fsync, read back, rename, folder fsync.
 * For files others read without a lock (the sync folder). Returns the new file's stamp.
 */
export async function replaceAtomically(file: string, bytes: Uint8Array): Promise<FileStamp> {
  const mode = await modeOf(file);
  const tmp = tempNameOf(file);
  try {
    const written = await writeVerifiedTemp(tmp, bytes, mode);
    await fs.promises.rename(tmp, file);
    await syncDirectory(path.dirname(file));
    return written;
  } finally {
    await fs.promises.rm(tmp, { force: true });
  }
}

/** Writes the temp file, reads it back and gives it its final mode; returns its stamp. */
async function writeVerifiedTemp(tmp: string, bytes: Uint8Array, mode: number): Promise<FileStamp> {
  const written = await writeSynced(tmp, bytes);
  await verifyContent(tmp, bytes);
  await fs.promises.chmod(tmp, mode); // after the read-back, which needs read permission
  return written;
}

/** Writes a new file with every byte and an fsync; returns its stamp (a rename and chmod keep it). */
async function writeSynced(tmp: string, bytes: Uint8Array): Promise<FileStamp> {
  const handle = await fs.promises.open(tmp, 'wx', 0o600);
  try {
    let done = 0;
    while (done < bytes.length) {
      const { bytesWritten } = await io.write(handle, bytes, done, bytes.length - done, done);
      if (bytesWritten <= 0)
        throw Object.assign(new Error(`No space left on device: wrote ${done} of ${bytes.length} bytes next to the record`), {
          code: 'ENOSPC',
        });
      done += bytesWritten;
    }
    await handle.sync();
    return toStamp(await handle.stat());
  } finally {
    await handle.close();
  }
}

/** Reads `tmp` back in slices and compares it with what was meant to be written. */
async function verifyContent(tmp: string, bytes: Uint8Array): Promise<void> {
  const handle = await fs.promises.open(tmp, 'r');
  try {
    const size = (await handle.stat()).size;
    if (size !== bytes.length) throw new Error(`Verification failed: ${tmp} has ${size} bytes, expected ${bytes.length}`);
    const slice = Buffer.alloc(Math.min(bytes.length, 1 << 20));
    for (let at = 0; at < bytes.length; at += slice.length) {
      const want = Math.min(slice.length, bytes.length - at);
      const { bytesRead } = await handle.read(slice, 0, want, at);
      // Buffer.compare of a 1 MB slice takes well under a millisecond: no long stall on the host.
      if (bytesRead !== want || Buffer.compare(slice.subarray(0, want), bytes.subarray(at, at + want)) !== 0) {
        throw new Error(`Verification failed: ${tmp} differs from the data written at byte ${at}`);
      }
    }
  } finally {
    await handle.close();
  }
}

/**
 * Throws unless the bytes can be a whole SQLite database of ours: the header's page size × page
 * count must equal the length, and our schema version (header offset 60) must be set.
 */
export function assertWholeDatabase(bytes: Uint8Array): void {
  const header = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 100));
  if (header.length < 100 || header.toString('latin1', 0, 16) !== 'SQLite format 3\0') {
    throw new Error(`not a SQLite file (${bytes.length} bytes)`);
  }
  const rawPageSize = header.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65_536 : rawPageSize;
  const pages = header.readUInt32BE(28);
  if (pages === 0 || pageSize * pages !== bytes.length)
    throw new Error(`incomplete (${bytes.length} bytes for ${pages} pages of ${pageSize})`);
  if (header.readUInt32BE(60) === 0) throw new Error('without a schema version');
}

/** The permission bits to give the new file: those of the file it replaces (a 444 file stays 444). */
async function modeOf(file: string): Promise<number> {
  try {
    return (await fs.promises.stat(file)).mode & 0o777;
  } catch {
    return 0o600;
  }
}

/** Makes the rename durable; not supported on every platform (e.g. Windows), hence best effort. */
async function syncDirectory(dir: string): Promise<void> {
  let handle: fs.promises.FileHandle | undefined;
  try {
    handle = await fs.promises.open(dir, 'r');
    await handle.sync();
  } catch {
    // Durability of the directory entry is an optimisation; the data itself is already synced.
  } finally {
    await handle?.close();
  }
}

/**
 * Removes temp files that crashed or killed saves left next to `file`. Call only while holding
 * the lock: then no other window is between writing its temp file and renaming it (a writer
 * paused past the stale limit finds its temp file gone, fails that attempt and retries).
 */
export async function removeStaleTemps(file: string): Promise<void> {
  const dir = path.dirname(file);
  const prefix = `${path.basename(file)}.`;
  let names: string[];
  try {
    names = await fs.promises.readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    // A window waiting for the lock has its owner record ready (fileLock.ts): keep it while that window runs.
    const waiting = tempOwner(name, ownerPath(file));
    if (waiting !== undefined && isRunning(waiting)) continue;
    await fs.promises.rm(path.join(dir, name), { force: true });
  }
}

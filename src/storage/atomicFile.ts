import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Replaces `file` with `bytes` so that a crash at any moment leaves either the old or the new
 * content, never a torn file: write a temp file, fsync it, keep the current file as `.bak`, then
 * rename over the original (rename is atomic on one file system).
 */
export function writeFileAtomic(file: string, bytes: Uint8Array): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  const fd = fs.openSync(tmp, 'w', 0o600);
  try {
    fs.writeSync(fd, bytes, 0, bytes.length, 0);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    // Copy, not rename: the database file must exist at every instant for other windows reading it.
    if (fs.existsSync(file)) fs.copyFileSync(file, `${file}.bak`);
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  syncDirectory(path.dirname(file));
}

/** Makes the rename durable; not supported on every platform (e.g. Windows), hence best effort. */
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Durability of the directory entry is an optimisation; the data itself is already synced.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Identity of a file's current content, cheap to compare: changes whenever another writer renames over it. */
export interface FileStamp {
  readonly ino: number;
  readonly size: number;
  readonly mtimeMs: number;
}

/** The stamp of `file`, or undefined when it does not exist. */
export function stampOf(file: string): FileStamp | undefined {
  try {
    const s = fs.statSync(file);
    return { ino: s.ino, size: s.size, mtimeMs: s.mtimeMs };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** True when both stamps describe the same file content (or both files are absent). */
export function sameStamp(a: FileStamp | undefined, b: FileStamp | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Slicer } from '../app/slices';

/** A folder's log files and subfolders as listed at `listedAt`. */
interface Listing {
  readonly mtimeMs: number;
  readonly listedAt: number;
  readonly files: readonly string[];
  readonly dirs: readonly string[];
}

/**
 * A listing taken this long after the folder's last change is trusted while its mtime stays put;
 * younger ones are redone, since a coarse mtime could hide an entry added in the same tick.
 */
const SETTLED_MS = 2000;

/**
 * Folder listings remembered between scans (in memory). Adding or removing an entry changes a
 * folder's mtime, appending to a file does not, so an unchanged folder costs a stat, not a readdir.
 */
export class DirListingCache {
  readonly listings = new Map<string, Listing>();
}

/** Lists one folder, or reuses its cached listing; undefined when it is missing or unreadable. */
export function listDir(dir: string, cache: DirListingCache | undefined): Listing | undefined {
  try {
    const st = fs.statSync(dir, { throwIfNoEntry: false });
    if (st?.isDirectory() !== true) {
      cache?.listings.delete(dir);
      return undefined;
    }
    const cached = cache?.listings.get(dir);
    if (cached !== undefined && cached.mtimeMs === st.mtimeMs && cached.listedAt - st.mtimeMs > SETTLED_MS) return cached;
    const listedAt = Date.now();
    const files: string[] = [];
    const dirs: string[] = [];
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      // Symlinked folders are not followed, to stay clear of cycles.
      if (entry.isDirectory()) dirs.push(path.join(dir, entry.name));
      else if (entry.name.endsWith('.jsonl') && (entry.isFile() || entry.isSymbolicLink())) files.push(path.join(dir, entry.name));
    }
    const listing = { mtimeMs: st.mtimeMs, listedAt, files, dirs };
    cache?.listings.set(dir, listing);
    return listing;
  } catch {
    return undefined;
  }
}

/**
 * All `*.jsonl` files below the given folders, recursively (Claude Code nests subagent transcripts
 * below a session folder), sorted. Synchronous fs calls are several times cheaper than a threadpool
 * round trip each; the slicer keeps every run of them short.
 */
export async function listJsonlFiles(dirs: readonly string[], slicer: Slicer, cache?: DirListingCache): Promise<string[]> {
  const files: string[] = [];
  const pending = [...new Set(dirs)];
  for (let dir = pending.pop(); dir !== undefined; dir = pending.pop()) {
    const listing = listDir(dir, cache);
    if (listing !== undefined) {
      files.push(...listing.files);
      pending.push(...listing.dirs);
    }
    await slicer.pause();
  }
  return files.sort();
}

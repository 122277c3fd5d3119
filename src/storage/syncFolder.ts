import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FolderScan, SkippedFile, SyncFolderPort } from '../app/ports';
import type { Machine } from '../domain/machine';
import type { MachineRecord } from '../domain/syncMerge';
import { replaceAtomically, sameStamp, stampOf, type FileStamp } from './durableFile';
import { isRunning } from './fileLock';
import { tempOwner } from './tempName';
import { decodeSyncFile, encodeSyncFile, endMarkerOf, SYNC_FILE, syncFileName } from './syncFile';

/**
 * A folder the user syncs with a tool of their choice (Syncthing, Dropbox, a git repository …).
 * This machine writes only its own file there, atomically; every machine's file (this one's too,
 * which other windows of this machine write) is read when it changes. A file that is not whole is
 * skipped and read again once it changes: sync tools replace files by rename or fill them in place.
 */
export class SyncFolder implements SyncFolderPort {
  /** The stamp of each file as last read (or written), so only changed files are read. */
  private readonly seen = new Map<string, FileStamp>();
  /** The end marker of the file this window last wrote (the whole file is several megabytes at 10,000 tasks). */
  private lastWritten: string | undefined;
  private tempsCleared = false;

  constructor(
    readonly folder: string,
    private readonly self: Machine,
  ) {}

  /** This machine's file. */
  get ownFile(): string {
    return path.join(this.folder, syncFileName(this.self));
  }

  /** Reads the machine files that changed since the last call. Throws when the folder cannot be read. */
  async readChanged(): Promise<FolderScan> {
    const names = (await this.list()).filter((n) => SYNC_FILE.test(n));
    const records: MachineRecord[] = [];
    const skipped: SkippedFile[] = [];
    for (const name of names) {
      const file = path.join(this.folder, name);
      const stamp = await stampOf(file).catch(() => undefined);
      if (!stamp || sameStamp(stamp, this.seen.get(name))) continue;
      const bytes = await fs.promises.readFile(file).catch(() => undefined);
      // Changed while being read: look again next time rather than trust a mixture.
      if (!bytes || !sameStamp(stamp, await stampOf(file).catch(() => undefined))) continue;
      this.seen.set(name, stamp);
      const decoded = await decodeSyncFile(bytes);
      if (!decoded.ok) skipped.push({ file, reason: decoded.reason });
      else if (syncFileName(decoded.record.machine) !== name) skipped.push({ file, reason: 'it names another machine than its file name' });
      else records.push(decoded.record);
    }
    return { records, skipped };
  }

  /** Writes this machine's file when its content changed (or someone replaced it); true when written. Throws on failure. */
  async write(record: MachineRecord): Promise<boolean> {
    const bytes = await encodeSyncFile(record);
    const name = syncFileName(this.self);
    if (this.lastWritten === endMarkerOf(bytes)) {
      const current = await stampOf(this.ownFile);
      if (current && sameStamp(current, this.seen.get(name))) return false;
    }
    if (!this.tempsCleared) await this.clearDeadTemps();
    this.seen.set(name, await replaceAtomically(this.ownFile, bytes));
    this.lastWritten = endMarkerOf(bytes);
    return true;
  }

  /** The folder's file names; a missing or relative folder is refused in words a user can act on. */
  private async list(): Promise<string[]> {
    if (!path.isAbsolute(this.folder)) throw new Error('it is not an absolute path (set leverage.sync.folder to a full path, or ~/…)');
    try {
      return await fs.promises.readdir(this.folder);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      throw new Error(
        'the folder does not exist (is the drive mounted and the sync tool set up?); it is not created for you, so a typo cannot start a record nobody syncs',
      );
    }
  }

  /** Removes temp files of this machine's file that a killed window left (never a running one's). */
  private async clearDeadTemps(): Promise<void> {
    this.tempsCleared = true;
    for (const name of await this.list()) {
      const pid = tempOwner(name, this.ownFile);
      if (pid !== undefined && !isRunning(pid)) await fs.promises.rm(path.join(this.folder, name), { force: true });
    }
  }
}

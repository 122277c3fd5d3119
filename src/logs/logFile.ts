import * as fs from 'node:fs';
import type { ReadAt } from './lineReader';

/** An open log file: its stat, a reader and a way to close it (blocking or not, as the scan asks). */
export interface OpenFile {
  readonly st: fs.Stats;
  readonly read: ReadAt;
  close(): Promise<void> | void;
}

/** Read-only, and never waiting for a writer when the path is a FIFO (the stat then tells it is no file). */
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

/** Opens and stats a file; undefined when it vanished since it was listed (not an error). */
export async function openFile(file: string, blocking: boolean): Promise<OpenFile | undefined> {
  if (blocking) {
    let fd: number;
    try {
      fd = fs.openSync(file, OPEN_FLAGS);
    } catch {
      return undefined;
    }
    const read: ReadAt = (buffer, length, position) => fs.readSync(fd, buffer, 0, length, position);
    try {
      return { st: fs.fstatSync(fd), read, close: () => fs.closeSync(fd) };
    } catch (err) {
      fs.closeSync(fd);
      throw err;
    }
  }
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(file, OPEN_FLAGS);
  } catch {
    return undefined;
  }
  const read: ReadAt = async (buffer, length, position) => (await handle.read(buffer, 0, length, position)).bytesRead;
  try {
    return { st: await handle.stat(), read, close: () => handle.close() };
  } catch (err) {
    await handle.close();
    throw err;
  }
}

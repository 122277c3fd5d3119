import { randomBytes } from 'node:crypto';
import * as path from 'node:path';

/**
 * A temp file next to `file`, named by the writing process, `<file>.<pid>-<tag>.tmp`, so leftovers
 * of dead processes can be told from the files of running ones.
 */
export function tempNameOf(file: string, tag = randomBytes(4).toString('hex')): string {
  return `${file}.${process.pid}-${tag}.tmp`;
}

/** The process that wrote `name`, a file in the folder of `file`, when it is one of its temp files (see tempNameOf). */
export function tempOwner(name: string, file: string): number | undefined {
  const prefix = `${path.basename(file)}.`;
  if (!name.startsWith(prefix) || !name.endsWith('.tmp')) return undefined;
  const pid = /^(\d+)-/.exec(name.slice(prefix.length));
  return pid === null ? undefined : Number(pid[1]);
}

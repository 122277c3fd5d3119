import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { asMachine, type Machine } from '../domain/machine';
import { tempNameOf } from './tempName';

/** The identity file, next to the record in the extension's global storage (on the host where the extension runs). */
export const MACHINE_FILE = 'machine.json';

function parse(text: string): Machine | undefined {
  try {
    return asMachine(JSON.parse(text));
  } catch {
    return undefined; // unreadable: a new identity is made below
  }
}

/**
 * This machine's identity: created once (a UUID and the host name) and kept in `dir`. Two windows
 * starting at once agree on one: the file is created by a hard link, which only one can win. If
 * the folder cannot be written, an identity for this session is returned with `problem` saying why.
 */
export async function loadMachine(dir: string): Promise<{ machine: Machine; problem?: string }> {
  const file = path.join(dir, MACHINE_FILE);
  const existing = await fs.promises.readFile(file, 'utf8').then(parse, () => undefined);
  if (existing) return { machine: existing };
  const fresh: Machine = { id: randomUUID(), name: os.hostname() || 'this machine' };
  const tmp = tempNameOf(file, fresh.id);
  try {
    await fs.promises.mkdir(dir, { recursive: true });
    await fs.promises.writeFile(tmp, `${JSON.stringify(fresh)}\n`, { mode: 0o600, flush: true });
    // A damaged file is replaced; a missing one is left for the link, which only one window wins.
    const damaged = await fs.promises.readFile(file, 'utf8').then(
      (text) => parse(text) === undefined,
      () => false,
    );
    if (damaged) await fs.promises.rm(file, { force: true });
    await fs.promises.link(tmp, file);
    return { machine: fresh };
  } catch (err) {
    const winner = await fs.promises.readFile(file, 'utf8').then(parse, () => undefined);
    if (winner) return { machine: winner };
    return { machine: fresh, problem: `could not keep this machine's identity in ${file}: ${(err as Error).message}` };
  } finally {
    // Never a reason to fail activation: a temp file left behind is harmless.
    await fs.promises.rm(tmp, { force: true }).catch(() => undefined);
  }
}

import * as fs from 'node:fs';
import * as path from 'node:path';

/** How many daily copies are kept next to the record. */
export const DAILY_COPIES = 7;

/** The previous save: `leverage.sqlite.bak`. */
function backupPath(file: string): string {
  return `${file}.bak`;
}

/** The copy of `file` kept for one day: `leverage.backup-2026-11-25.sqlite`. */
export function dailyPath(file: string, at: Date): string {
  const day = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
  return path.join(path.dirname(file), `${stem(file)}.backup-${day}.sqlite`);
}

/**
 * Keeps the file about to be replaced as the `.bak` generation, and as the day's copy if the day
 * has none yet (so the copy holds the record as it was before the day's first save). Called only
 * right after the fence confirmed the file is the one this window loaded or wrote, so a file we
 * never verified (empty, cut, foreign) can never become a backup. Hard links cost no space and no
 * copying (a full disk cannot cut them short); files are never written in place, so a linked
 * generation never changes afterwards. Where links are not supported, a copy is made instead.
 */
export async function rotateGenerations(file: string): Promise<void> {
  if (!(await isFile(file))) return;
  const bak = backupPath(file);
  const bakTmp = `${file}.bak-${process.pid}.tmp`;
  await fs.promises.rm(bakTmp, { force: true });
  await linkOrCopy(file, bakTmp);
  await fs.promises.rename(bakTmp, bak);
  const daily = dailyPath(file, new Date());
  if (!(await isFile(daily))) {
    await linkOrCopy(file, daily).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'EEXIST') throw err; // another window made today's copy first
    });
    await pruneDailies(file);
  }
}

/** Sound-or-not candidates to restore from, newest first: `.bak` and the daily copies. */
export async function generationsOf(file: string): Promise<string[]> {
  const dir = path.dirname(file);
  const names = await fs.promises.readdir(dir).catch(() => [] as string[]);
  const candidates = [backupPath(file), ...names.filter((n) => isDailyName(file, n)).map((n) => path.join(dir, n))];
  const dated = await Promise.all(
    candidates.map(async (p) => ({
      p,
      mtime: await fs.promises.stat(p).then(
        (s) => (s.isFile() ? s.mtimeMs : -1),
        () => -1,
      ),
    })),
  );
  return dated
    .filter((d) => d.mtime >= 0)
    .sort((a, b) => b.mtime - a.mtime)
    .map((d) => d.p);
}

/**
 * Keeps a file (or a folder) that cannot be used, intact, under a name the user can find:
 * `leverage.corrupt-2026-11-25T04-31-02.sqlite`. A file is linked (or copied) there and stays at
 * its path until a restored copy replaces it in one rename, so there is never a moment without
 * a record file; a folder cannot be replaced by a rename and is moved. Returns where it went and
 * whether the original is still at the path.
 */
export async function keepAside(file: string): Promise<{ aside: string; stillThere: boolean }> {
  const time = new Date().toISOString().replace(/:/g, '-').replace(/\..*$/, '');
  const dir = path.dirname(file);
  const isFolder = (await fs.promises.lstat(file)).isDirectory();
  for (let n = 0; ; n++) {
    const aside = path.join(dir, `${stem(file)}.corrupt-${time}${n ? `-${n}` : ''}.sqlite`);
    if (
      await fs.promises.lstat(aside).then(
        () => true,
        () => false,
      )
    )
      continue;
    if (isFolder) await fs.promises.rename(file, aside);
    else await linkOrCopy(file, aside);
    return { aside, stillThere: !isFolder };
  }
}

async function linkOrCopy(from: string, to: string): Promise<void> {
  try {
    await fs.promises.link(from, to);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOENT') throw err;
    await fs.promises.copyFile(from, to, fs.constants.COPYFILE_EXCL);
    const [a, b] = await Promise.all([fs.promises.stat(from), fs.promises.stat(to)]);
    if (a.size !== b.size) throw new Error(`Copying ${from} to ${to} stopped after ${b.size} of ${a.size} bytes`);
  }
}

async function pruneDailies(file: string): Promise<void> {
  const dir = path.dirname(file);
  const names = (await fs.promises.readdir(dir)).filter((n) => isDailyName(file, n)).sort();
  for (const old of names.slice(0, Math.max(0, names.length - DAILY_COPIES))) await fs.promises.rm(path.join(dir, old), { force: true });
}

function isDailyName(file: string, name: string): boolean {
  return name.startsWith(`${stem(file)}.backup-`) && name.endsWith('.sqlite');
}

async function isFile(p: string): Promise<boolean> {
  return fs.promises.stat(p).then(
    (s) => s.isFile(),
    () => false,
  );
}

function stem(file: string): string {
  return path.basename(file, '.sqlite');
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

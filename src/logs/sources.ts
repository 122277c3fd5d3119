import * as path from 'node:path';
import { claudeFormat } from './claudeParser';
import { codexFormat } from './codexParser';
import { geminiFormat, geminiProjectRoot } from './geminiParser';
import { claudeLogDirs, codexLogDirs, geminiLogDirs, processRootContext, type RootContext } from './roots';
import { isInsideAny } from '../domain/tokens';
import { asObject, asString } from './json';
import { DirListingCache, listDir } from './listFiles';
import type { FileCheckpoint, ScanSource } from './scanner';

/** Root folders chosen in settings; an empty or absent list means the agent's defaults. */
export interface RootOverrides {
  readonly claude?: readonly string[];
  readonly codex?: readonly string[];
  readonly gemini?: readonly string[];
}

/** Every supported agent with its log folders: what scanLogs takes. */
export function defaultSources(overrides: RootOverrides = {}, ctx: RootContext = processRootContext()): ScanSource[] {
  return [
    { format: claudeFormat, dirs: claudeLogDirs(overrides.claude, ctx) },
    { format: codexFormat, dirs: codexLogDirs(overrides.codex, ctx) },
    { format: geminiFormat, dirs: geminiLogDirs(overrides.gemini, ctx) },
  ];
}

/** Claude Code names a project folder after its path with every other character turned into `-`; compared that way, spelling variants match. */
function projectKey(name: string): string {
  return name.replace(/[^a-zA-Z0-9]/g, '-');
}

/** True when the Gemini project folder `dir` belongs to a path inside one of `folders` (its `.project_root`). */
function geminiProjectIn(dir: string, folders: readonly string[]): boolean {
  const root = geminiProjectRoot(dir);
  return root !== undefined && isInsideAny(root, folders);
}

/** Subfolders of `dir` whose names pass `keep` (none when it is missing); an unchanged folder in `cache` costs a stat. */
function subfolders(dir: string, keep: (name: string) => boolean, cache: DirListingCache | undefined): string[] {
  return (listDir(dir, cache)?.dirs ?? []).filter((sub) => keep(path.basename(sub)));
}

/** `YYYY/MM/DD` date folders of the day of `now` and the day before, in local time and UTC. */
function recentDayFolders(now: number): string[] {
  const days = new Set<string>();
  for (const t of [now, now - 86_400_000]) {
    const d = new Date(t);
    const pad = (n: number) => String(n).padStart(2, '0');
    days.add(path.join(String(d.getFullYear()), pad(d.getMonth() + 1), pad(d.getDate())));
    days.add(path.join(String(d.getUTCFullYear()), pad(d.getUTCMonth() + 1), pad(d.getUTCDate())));
  }
  return [...days];
}

/** How many older Codex date folders a live look also reads: a month of days worked in the workspace. */
export const LIVE_CODEX_FOLDERS = 31;

/**
 * The date folders of Codex rollouts already read whose session ran in `folders`, newest first
 * (at most LIVE_CODEX_FOLDERS): `codex resume` appends to a rollout in the folder of the day it
 * began, which a look at today's folder alone would miss until the next full scan.
 */
export function workspaceCodexFolders(checkpoints: Iterable<FileCheckpoint>, folders: readonly string[]): string[] {
  const newest = new Map<string, number>();
  for (const cp of checkpoints) {
    if (cp.agent !== 'codex') continue;
    const cwd = asString(asObject(cp.state)?.cwd);
    if (cwd === undefined || !isInsideAny(cwd, folders)) continue;
    const dir = path.dirname(cp.path);
    newest.set(dir, Math.max(newest.get(dir) ?? 0, cp.mtimeMs));
  }
  return [...newest.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, LIVE_CODEX_FOLDERS)
    .map(([dir]) => dir);
}

/**
 * The few folders where agents working in `folders` write now: Claude Code's and Gemini CLI's
 * project folders of those paths (and of folders below them), Codex's rollout folders of today
 * and yesterday, and `known.codexFolders` (see workspaceCodexFolders).
 * Reading only these keeps a live look every few seconds cheap; scan them with `partial`, and pass
 * the scanner's `dirCache` so unchanged root folders are not listed again.
 */
export function liveSources(
  folders: readonly string[],
  overrides: RootOverrides = {},
  now = Date.now(),
  ctx: RootContext = processRootContext(),
  known: { readonly codexFolders?: readonly string[]; readonly dirCache?: DirListingCache } = {},
): ScanSource[] {
  const { codexFolders = [], dirCache } = known;
  const keys = folders.map(projectKey);
  const claudeDirs = claudeLogDirs(overrides.claude, ctx).flatMap((projects) =>
    subfolders(projects, (name) => keys.some((k) => projectKey(name).startsWith(k)), dirCache),
  );
  const sessions = codexLogDirs(overrides.codex, ctx).filter((dir) => path.basename(dir) === 'sessions');
  const codexDirs = [...new Set([...sessions.flatMap((dir) => recentDayFolders(now).map((day) => path.join(dir, day))), ...codexFolders])];
  const geminiDirs = geminiLogDirs(overrides.gemini, ctx).flatMap((tmp) =>
    subfolders(tmp, (name) => geminiProjectIn(path.join(tmp, name), folders), dirCache),
  );
  return [
    { format: claudeFormat, dirs: claudeDirs },
    { format: codexFormat, dirs: codexDirs },
    { format: geminiFormat, dirs: geminiDirs },
  ];
}

import * as os from 'node:os';
import * as path from 'node:path';

/** Where agent logs live; both parts are injectable so tests need no real home directory. */
export interface RootContext {
  readonly env: NodeJS.ProcessEnv;
  readonly home: string;
}

/** The running process's environment and home directory. */
export function processRootContext(): RootContext {
  return { env: process.env, home: os.homedir() };
}

/** Expands a leading `~` and makes the path absolute; returns undefined for blank entries. */
function normalise(root: string, home: string): string | undefined {
  const trimmed = root.trim();
  if (trimmed === '') return undefined;
  const expanded = trimmed === '~' || trimmed.startsWith('~/') || trimmed.startsWith('~\\') ? path.join(home, trimmed.slice(1)) : trimmed;
  return path.resolve(expanded);
}

/** Unique normalised roots, first occurrence wins, each joined with the agent's log subfolder. */
function logDirs(roots: readonly string[], home: string, subdir: string): string[] {
  const seen = new Set<string>();
  for (const root of roots) {
    const dir = normalise(root, home);
    if (dir !== undefined) seen.add(dir);
  }
  return [...seen].map((dir) => path.join(dir, subdir));
}

/**
 * Claude Code transcript folders (`<root>/projects`). Roots: the override list when non-empty
 * (from settings), else every `CLAUDE_CONFIG_DIR` entry (comma-separated) plus `~/.config/claude`
 * and `~/.claude`, since Claude Code has used both. Missing folders are fine: the scanner skips them.
 */
export function claudeLogDirs(overrides: readonly string[] = [], ctx: RootContext = processRootContext()): string[] {
  const envRoots = (ctx.env.CLAUDE_CONFIG_DIR ?? '').split(',');
  const roots = overrides.length > 0 ? overrides : [...envRoots, path.join(ctx.home, '.config', 'claude'), path.join(ctx.home, '.claude')];
  return logDirs(roots, ctx.home, 'projects');
}

/**
 * Codex CLI rollout folders (`<root>/sessions`, then `<root>/archived_sessions`, where archiving
 * moves or copies a rollout; copies count once, see codexKey). Roots: the override list when
 * non-empty, else `CODEX_HOME` or `~/.codex`.
 */
export function codexLogDirs(overrides: readonly string[] = [], ctx: RootContext = processRootContext()): string[] {
  const codexHome = ctx.env.CODEX_HOME?.trim();
  const roots =
    overrides.length > 0 ? overrides : [codexHome !== undefined && codexHome !== '' ? codexHome : path.join(ctx.home, '.codex')];
  return [...logDirs(roots, ctx.home, 'sessions'), ...logDirs(roots, ctx.home, 'archived_sessions')];
}

/** Gemini CLI chat folders (`<root>/tmp`, holding `<project>/chats`). Roots: the override list when non-empty, else `~/.gemini`. */
export function geminiLogDirs(overrides: readonly string[] = [], ctx: RootContext = processRootContext()): string[] {
  return logDirs(overrides.length > 0 ? overrides : [path.join(ctx.home, '.gemini')], ctx.home, 'tmp');
}

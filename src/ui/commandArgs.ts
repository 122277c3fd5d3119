import * as vscode from 'vscode';

/** Optional argument of `leverage.startTask`, for keybindings and tests. */
export interface StartArgs {
  readonly title?: string;
}

/**
 * Optional argument of `leverage.stopTask`: the estimate as hours or as text like "1h30m", and
 * optional corrections of the measured minutes.
 */
export interface StopArgs {
  readonly estimateHours?: number | string;
  readonly aiMinutes?: number;
  readonly supMinutes?: number;
}

function field(arg: unknown, name: string): unknown {
  return typeof arg === 'object' && arg !== null ? (arg as Record<string, unknown>)[name] : undefined;
}

/** Reads `{title}`; anything else means "ask". */
export function startArgs(arg: unknown): StartArgs {
  const title = field(arg, 'title');
  return typeof title === 'string' ? { title } : {};
}

function minutes(arg: unknown, name: string): number | undefined {
  const value = field(arg, name);
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** Reads `{estimateHours, aiMinutes, supMinutes}`. */
export function stopArgs(arg: unknown): StopArgs {
  const estimate = field(arg, 'estimateHours');
  return {
    estimateHours: typeof estimate === 'number' || typeof estimate === 'string' ? estimate : undefined,
    aiMinutes: minutes(arg, 'aiMinutes'),
    supMinutes: minutes(arg, 'supMinutes'),
  };
}

/** Reads a string field, if present. */
export function stringField(arg: unknown, name: string): string | undefined {
  const value = field(arg, name);
  return typeof value === 'string' ? value : undefined;
}

/** Reads `{uri}` given as a Uri or a string (file path or URI). */
export function uriArg(arg: unknown): vscode.Uri | undefined {
  const uri = field(arg, 'uri');
  if (uri instanceof vscode.Uri) return uri;
  if (typeof uri !== 'string' || uri === '') return undefined;
  return /^[a-z][a-z0-9+.-]+:/i.test(uri) && !/^[a-z]:[\\/]/i.test(uri) ? vscode.Uri.parse(uri) : vscode.Uri.file(uri);
}

import * as vscode from 'vscode';

/** Optional argument of `leverage.startTask`, for keybindings and tests. */
export interface StartArgs {
  readonly title?: string;
}

/** Optional argument of `leverage.stopTask`: the estimate as hours or as text like "1h30m". */
export interface StopArgs {
  readonly estimateHours?: number | string;
}

/** Optional argument of `leverage.exportCsv`: where to write, skipping the save dialog. */
export interface ExportArgs {
  readonly uri?: vscode.Uri | string;
}

function field(arg: unknown, name: string): unknown {
  return typeof arg === 'object' && arg !== null ? (arg as Record<string, unknown>)[name] : undefined;
}

/** Reads `{title}`; anything else means "ask". */
export function startArgs(arg: unknown): StartArgs {
  const title = field(arg, 'title');
  return typeof title === 'string' ? { title } : {};
}

/** Reads `{estimateHours}` as a number or a string. */
export function stopArgs(arg: unknown): StopArgs {
  const estimate = field(arg, 'estimateHours');
  return typeof estimate === 'number' || typeof estimate === 'string' ? { estimateHours: estimate } : {};
}

/** Reads `{uri}` given as a Uri or a string (file path or URI). */
export function exportUri(arg: unknown): vscode.Uri | undefined {
  const uri = field(arg, 'uri');
  if (uri instanceof vscode.Uri) return uri;
  if (typeof uri !== 'string' || uri === '') return undefined;
  return /^[a-z][a-z0-9+.-]+:/i.test(uri) && !/^[a-z]:[\\/]/i.test(uri) ? vscode.Uri.parse(uri) : vscode.Uri.file(uri);
}

import * as os from 'node:os';
import * as vscode from 'vscode';
import type { WeekStart } from '../app/ranges';
import { MARKDOWN_LAYOUTS, type MarkdownLayout } from '../export/markdown';
import { SETTING_DEFAULTS, type SettingKey } from './settingDefaults';

/** The value type of a setting, widened from its default's literal type. */
type ValueOf<K extends SettingKey> = (typeof SETTING_DEFAULTS)[K] extends number
  ? number
  : (typeof SETTING_DEFAULTS)[K] extends boolean
    ? boolean
    : (typeof SETTING_DEFAULTS)[K] extends string
      ? string
      : readonly string[];

/** Reads one setting; a value of the wrong type (hand-edited settings.json) falls back to the default. */
function read<K extends SettingKey>(key: K): ValueOf<K> {
  const fallback = SETTING_DEFAULTS[key] as ValueOf<K>;
  const value = vscode.workspace.getConfiguration('leverage').get<unknown>(key);
  if (Array.isArray(fallback)) return (Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : fallback) as ValueOf<K>;
  return (typeof value === typeof fallback && (typeof value !== 'number' || Number.isFinite(value)) ? value : fallback) as ValueOf<K>;
}

/** The keys of the number settings. */
type NumberKey = { [K in SettingKey]: ValueOf<K> extends number ? K : never }[SettingKey];

/**
 * A number setting, at least `min`. Where `min` is below package.json's minimum, a smaller value
 * typed into settings.json is honoured (the tests shorten the supervisory credit that way).
 */
function atLeast(key: NumberKey, min: number): number {
  return Math.max(min, read(key));
}

/**
 * One typed getter per setting. Each reads the current value, so a changed setting applies on its
 * next use; the few that drive timers are re-read through `onDidChange`.
 */
export const config = {
  statusBarRefreshMs: (): number => atLeast('statusBar.refreshSeconds', 5) * 1000,
  agents: (): readonly string[] => read('agents'),
  idleThresholdMs: (): number => atLeast('idleThresholdSeconds', 1) * 1000,
  shellIntegrationWaitMs: (): number => atLeast('shellIntegrationWaitSeconds', 1) * 1000,
  supervisoryIdleMs: (): number => atLeast('supervisoryIdleSeconds', 1) * 1000,
  promptWhenAgentStartsWithoutTask: (): boolean => read('promptWhenAgentStartsWithoutTask'),
  weekStartsOn: (): WeekStart => Math.min(6, Math.max(0, Math.trunc(read('weekStartsOn')))) as WeekStart,
  logRoots: (): { claude: readonly string[]; codex: readonly string[] } => ({
    claude: read('tokens.claudeRoots'),
    codex: read('tokens.codexRoots'),
  }),
  tokenScanIntervalMs: (): number => atLeast('tokens.scanIntervalMinutes', 1) * 60_000,
  showCostEstimate: (): boolean => read('tokens.showCostEstimate'),
  /** The sync folder ('' when off), with a leading `~` meaning the home folder of the host the extension runs on. */
  syncFolder: (): string =>
    read('sync.folder')
      .trim()
      .replace(/^~(?=$|[\\/])/, os.homedir()),
  markdownLayout: (): MarkdownLayout => MARKDOWN_LAYOUTS.find((l) => l === read('markdown.layout')) ?? 'published',

  /** Calls `listener` whenever one of `keys` changes (in any scope). */
  onDidChange(keys: readonly SettingKey[], listener: () => void): vscode.Disposable {
    return vscode.workspace.onDidChangeConfiguration((e) => keys.some((k) => e.affectsConfiguration(`leverage.${k}`)) && listener());
  },
};

import { DEFAULT_AGENTS } from '../domain/agentCommand';

/**
 * Every `leverage.*` setting with its default, declared once (a unit test checks that
 * package.json declares the same keys and defaults). The type of each default is the setting's type.
 */
export const SETTING_DEFAULTS = {
  'statusBar.refreshSeconds': 60,
  agents: DEFAULT_AGENTS,
  idleThresholdSeconds: 30,
  shellIntegrationWaitSeconds: 10,
  supervisoryIdleSeconds: 60,
  promptWhenAgentStartsWithoutTask: true,
  weekStartsOn: 1,
  'tokens.claudeRoots': [] as readonly string[],
  'tokens.codexRoots': [] as readonly string[],
  'tokens.scanIntervalMinutes': 5,
  'markdown.layout': 'published' as string,
  'tokens.showCostEstimate': false,
  'sync.folder': '' as string,
} as const;

/** The key of a setting, without the `leverage.` prefix. */
export type SettingKey = keyof typeof SETTING_DEFAULTS;

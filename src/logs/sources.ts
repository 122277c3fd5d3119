import { claudeFormat } from './claudeParser';
import { codexFormat } from './codexParser';
import { claudeLogDirs, codexLogDirs, processRootContext, type RootContext } from './roots';
import type { ScanSource } from './scanner';

/** Root folders chosen in settings; an empty or absent list means the agent's defaults. */
export interface RootOverrides {
  readonly claude?: readonly string[];
  readonly codex?: readonly string[];
}

/** Every supported agent with its log folders: what scanLogs takes. */
export function defaultSources(overrides: RootOverrides = {}, ctx: RootContext = processRootContext()): ScanSource[] {
  return [
    { format: claudeFormat, dirs: claudeLogDirs(overrides.claude, ctx) },
    { format: codexFormat, dirs: codexLogDirs(overrides.codex, ctx) },
  ];
}

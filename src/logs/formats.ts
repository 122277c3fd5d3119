import { claudeFormat } from './claudeParser';
import { codexFormat } from './codexParser';
import { geminiFormat } from './geminiParser';
import type { LogFormat } from './reader';

/** Every log format by agent name: how a scan in a worker thread finds the parsers its sources name. */
export const FORMATS: ReadonlyMap<string, LogFormat<unknown>> = new Map<string, LogFormat<unknown>>(
  [claudeFormat, codexFormat, geminiFormat].map((f) => [f.agent, f as LogFormat<unknown>]),
);

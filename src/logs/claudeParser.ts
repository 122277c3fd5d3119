import { asCount, asObject, asString, parseJson, parseTimestamp } from './json';
import type { LineSkip, LogFormat } from './reader';
import type { UsageRecord } from '../domain/tokens';

/** Claude Code lines are independent, so there is nothing to carry between lines. */
export type ClaudeState = Record<string, never>;

/**
 * Parses a Claude Code transcript line (`~/.claude/projects/<project>/<session>.jsonl`).
 * Only assistant lines carry `message.usage`; a streamed response is logged as several lines
 * sharing `message.id` + `requestId`, so that pair is the key (mergeUsage keeps the largest copy).
 */
export function parseClaudeLine(line: string): UsageRecord | LineSkip {
  const entry = asObject(parseJson(line));
  if (entry === undefined) return 'malformed';
  const message = asObject(entry.message);
  const usage = asObject(message?.usage);
  if (message === undefined || usage === undefined) return 'ignored';
  const input = asCount(usage.input_tokens);
  const output = asCount(usage.output_tokens);
  const cacheCreation = asCount(usage.cache_creation_input_tokens);
  const cacheRead = asCount(usage.cache_read_input_tokens);
  // API error placeholders (model `<synthetic>`) log all-zero usage: nothing to count.
  if (input + output + cacheCreation + cacheRead === 0) return 'ignored';
  const timestamp = parseTimestamp(entry.timestamp);
  const key = claudeKey(asString(message.id), asString(entry.requestId), asString(entry.uuid));
  if (timestamp === undefined || key === undefined) return 'malformed';
  return {
    agent: 'claude',
    key,
    timestamp,
    sessionId: asString(entry.sessionId),
    cwd: asString(entry.cwd),
    model: asString(message.model),
    input,
    output,
    cacheCreation,
    cacheRead,
  };
}

/** `message.id:requestId`, or `message.id` alone when older lines lack requestId; the line uuid as a last resort. */
function claudeKey(messageId: string | undefined, requestId: string | undefined, uuid: string | undefined): string | undefined {
  if (messageId !== undefined) return requestId === undefined ? `claude:${messageId}` : `claude:${messageId}:${requestId}`;
  return uuid === undefined ? undefined : `claude:uuid:${uuid}`;
}

/** The Claude Code format: lines without `"usage"` (user turns, tool results, file snapshots) are never parsed. */
export const claudeFormat: LogFormat<ClaudeState> = {
  agent: 'claude',
  mustContainAny: ['"usage"'],
  initialState: () => ({}),
  reviveState: () => ({}),
  parseLine: parseClaudeLine,
};

import type { AgentTurn } from '../domain/turns';
import { asCount, asObject, asString, timeOf, type JsonObject } from './json';
import type { LineSkip, LogFormat } from './reader';
import { lazyText, lazyValue, type Fields } from './skim';
import { endAt, promptAt, recordAt, turnField, openTurnOf, type TurnContext } from './turnState';
import type { UsageRecord } from '../domain/tokens';

/** What a transcript carries from line to line: its session, folder and the turn being read. */
export type ClaudeState = TurnContext;

const INTERRUPTED = '[Request interrupted by user';
/** The characters of a prompt decoded: enough to tell an interruption and a blank prompt. */
const PROMPT_START = 64;

/** The text blocks (or plain string) of a user message. */
function textsOf(content: unknown): { texts: string[]; toolResult: boolean; other: boolean } {
  if (typeof content === 'string') return { texts: [content], toolResult: false, other: false };
  const out = { texts: [] as string[], toolResult: false, other: false };
  if (!Array.isArray(content)) return out;
  for (const block of content) {
    const b = asObject(block);
    if (b?.type === 'tool_result') out.toolResult = true;
    else if (b?.type === 'text' && typeof b.text === 'string') out.texts.push(b.text);
    else if (b !== undefined) out.other = true;
  }
  return out;
}

/**
 * A user line: the human's prompt starts a turn; "[Request interrupted by user…]" ends one; tool
 * results, compaction summaries and subagent prompts are records of work inside a turn; meta lines
 * (caveats injected by the CLI) are nothing.
 */
function userLine(entry: JsonObject, t: number, state: ClaudeState, turnEnded: (turn: AgentTurn) => void): void {
  if (entry.isMeta === true) return;
  const content = asObject(entry.message)?.content;
  // How a prompt starts tells all that is read of it, unless the start is blank: then it is read whole.
  let start = lazyText(content, PROMPT_START);
  if (typeof start === 'string' && start.trim() === '') start = lazyValue(content);
  const { texts, toolResult, other } = textsOf(start);
  if (texts.some((text) => text.startsWith(INTERRUPTED))) endAt('claude', state, t, true, turnEnded);
  else if (toolResult || entry.isCompactSummary === true || entry.isSidechain === true) recordAt(state, t);
  else if (texts.some((text) => text.trim() !== '') || other) promptAt('claude', state, t, turnEnded);
}

/** Reads the usage of an assistant line, or why it has none. */
function usageOf(entry: JsonObject, message: JsonObject | undefined, timestamp: number | undefined): UsageRecord | LineSkip {
  const usage = asObject(message?.usage);
  if (message === undefined || usage === undefined) return 'ignored';
  const input = asCount(usage.input_tokens);
  const output = asCount(usage.output_tokens);
  const cacheCreation = asCount(usage.cache_creation_input_tokens);
  const cacheRead = asCount(usage.cache_read_input_tokens);
  // API error placeholders (model `<synthetic>`) log all-zero usage: nothing to count.
  if (input + output + cacheCreation + cacheRead === 0) return 'ignored';
  const key = claudeKey(asString(message.id), asString(entry.requestId), entry.uuid);
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

/**
 * Reads a Claude Code transcript record (`~/.claude/projects/<project>/<session>.jsonl`, subagents
 * nested below). Assistant lines carry `message.usage`; a streamed response is logged as several
 * lines sharing `message.id` + `requestId`, so that pair is the key (mergeUsage keeps the largest
 * copy). User and `system`/`turn_duration` lines bound the turns (see userLine).
 */
function claudeRecord(entry: JsonObject | undefined, state: ClaudeState, turnEnded: (turn: AgentTurn) => void): UsageRecord | LineSkip {
  if (entry === undefined) return 'malformed';
  const timestamp = timeOf(entry.timestamp);
  if (timestamp !== undefined) {
    state.sessionId = asString(entry.sessionId) ?? state.sessionId;
    state.cwd = asString(entry.cwd) ?? state.cwd;
    if (entry.type === 'user') userLine(entry, timestamp, state, turnEnded);
    else if (entry.type === 'assistant') recordAt(state, timestamp);
    // Claude Code 2.1+ closes a turn with its duration; older versions end it at the next prompt.
    else if (entry.type === 'system' && entry.subtype === 'turn_duration') endAt('claude', state, timestamp, false, turnEnded);
  }
  return usageOf(entry, asObject(entry.message), timestamp);
}

/** The last key claudeKey made: a response's streamed copies share it, so its string (and hash) is made once. */
let lastKey = { messageId: '', requestId: '', key: '' };

/**
 * `message.id:requestId`, or `message.id` alone when older lines lack requestId; the line uuid (read
 * only then, hence skimmed lazily) as a last resort.
 */
function claudeKey(messageId: string | undefined, requestId: string | undefined, uuid: unknown): string | undefined {
  if (messageId === undefined) {
    const id = asString(lazyValue(uuid));
    return id === undefined ? undefined : `claude:uuid:${id}`;
  }
  if (requestId === undefined) return `claude:${messageId}`;
  if (lastKey.messageId !== messageId || lastKey.requestId !== requestId)
    lastKey = { messageId, requestId, key: `claude:${messageId}:${requestId}` };
  return lastKey.key;
}

/** A persisted ClaudeState, field by field. */
function reviveClaudeState(saved: unknown): ClaudeState | undefined {
  const s = asObject(saved);
  if (s === undefined) return undefined;
  return { sessionId: asString(s.sessionId), cwd: asString(s.cwd), ...turnField(s.turn) };
}

/**
 * The fields claudeRecord reads. A message's content is decoded only for user lines (a prompt or
 * not): in assistant lines it is the response itself, most of the line, and never read.
 */
const CLAUDE_FIELDS: Fields = {
  timestamp: 'time',
  sessionId: 'value',
  cwd: 'value',
  type: 'value',
  subtype: 'value',
  requestId: 'value',
  uuid: 'lazy',
  isMeta: 'value',
  isCompactSummary: 'value',
  isSidechain: 'value',
  message: {
    id: 'value',
    model: 'value',
    content: 'lazy',
    usage: { input_tokens: 'value', output_tokens: 'value', cache_creation_input_tokens: 'value', cache_read_input_tokens: 'value' },
  },
};

/** Marks the line that ends a turn in Claude Code 2.1+. */
const TURN_DURATION = '"turn_duration"';

/** How Claude Code starts a user message; what follows tells a prompt from a tool result. */
const USER_MESSAGE = '{"role":"user","content":';

/**
 * The Claude Code format. Only lines that carry usage or bound a turn are decoded. A user line is
 * told by how its message starts (`{"role":"user","content":…}`), looked for first: when the
 * content begins with a tool result the line is skipped whole. Tool results are most of a
 * transcript's bytes (file contents, command output) and carry no usage, so they are never
 * decoded nor searched further; the assistant line after each moves the turn on anyway. Each
 * needle costs a pass over a line's bytes, hence the turn_duration needle is looked for in short
 * lines only. Should the key order ever change, prompts go unseen and a turn starts at its first response.
 */
export const claudeFormat: LogFormat<ClaudeState> = {
  agent: 'claude',
  mustContainAny: [USER_MESSAGE, '"usage"', TURN_DURATION],
  nearLineEnd: ['"usage"'],
  // Claude Code writes `tool_use_id` first; `type` first is accepted too.
  voidedBy: { [USER_MESSAGE]: ['[{"tool_use_id"', '[{"type":"tool_result"'] },
  // A turn_duration line holds a few ids, a path and a number: under a kilobyte where a tool result holds megabytes.
  shortLines: { [TURN_DURATION]: 16 << 10 },
  initialState: () => ({}),
  reviveState: reviveClaudeState,
  fields: CLAUDE_FIELDS,
  parseRecord: claudeRecord,
  openTurn: (state) => openTurnOf('claude', state),
};

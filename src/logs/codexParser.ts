import type { AgentTurn } from '../domain/turns';
import { asCount, asObject, asString, isFiniteNumber, timeOf, type JsonObject } from './json';
import type { LineSkip, LogFormat } from './reader';
import type { Fields } from './skim';
import { endAt, promptAt, recordAt, turnField, openTurnOf, type TurnContext } from './turnState';
import type { UsageRecord } from '../domain/tokens';

/** Codex's running token counters as logged in `total_token_usage`. */
export interface CodexCounters {
  readonly input: number;
  readonly cached: number;
  readonly output: number;
  readonly total: number;
}

/** What one rollout file carries from line to line (and scan to scan): context for later token counts and the open turn. */
export interface CodexState extends TurnContext {
  model?: string;
  /** Where Codex ran, from the rollout's own session_meta: the provenance names it ("codex in VS Code"). */
  surface?: string;
  /** The last running total seen; token_count events repeat it when nothing new happened. */
  last?: CodexCounters;
}

/** Reads a usage object; legacy logs omit total_tokens, which Codex defines as input + output. */
function readCounters(value: unknown): CodexCounters | undefined {
  const usage = asObject(value);
  if (usage === undefined) return undefined;
  const input = asCount(usage.input_tokens);
  const output = asCount(usage.output_tokens);
  return { input, cached: asCount(usage.cached_input_tokens), output, total: asCount(usage.total_tokens) || input + output };
}

/** Bucket-wise difference, floored at 0 so a counter that went backwards never yields negative tokens. */
function difference(now: CodexCounters, before: CodexCounters): CodexCounters {
  return {
    input: Math.max(0, now.input - before.input),
    cached: Math.max(0, now.cached - before.cached),
    output: Math.max(0, now.output - before.output),
    total: Math.max(0, now.total - before.total),
  };
}

/**
 * Tokens of one token_count event. The running total is authoritative: a repeat of the last total
 * counts nothing, an advance counts the difference. A total that went down means the counters were
 * restarted, so this turn's own `last_token_usage` is counted; logs without totals fall back to it too.
 */
function turnTokens(total: CodexCounters | undefined, last: CodexCounters | undefined, state: CodexState): CodexCounters | undefined {
  const before = state.last;
  if (total !== undefined) state.last = total;
  if (total !== undefined && before !== undefined && total.total >= before.total) {
    return total.total === before.total ? undefined : difference(total, before);
  }
  return last ?? total;
}

/**
 * Sets session context from session_meta / turn_context payloads. The first session_meta is the
 * rollout's own: a forked or spawned thread embeds its parent's session_meta after it, with the
 * parent's history, and that must not rename the rollout's session.
 */
function applyContext(type: string, payload: JsonObject, state: CodexState): void {
  if (type === 'session_meta' && state.sessionId === undefined) {
    state.sessionId = asString(payload.id);
    state.surface = codexSurface(asString(payload.originator), asString(payload.source));
  } else if (type !== 'session_meta') state.model = asString(payload.model) ?? state.model;
  state.cwd = asString(payload.cwd) ?? state.cwd;
}

/**
 * Where a rollout was written, from session_meta's `originator` (and `source` in newer versions):
 * the IDE extension, the desktop app and `codex exec` are told apart; the CLI is plain "codex".
 */
export function codexSurface(originator: string | undefined, source: string | undefined): string | undefined {
  const o = originator?.toLowerCase() ?? '';
  // The desktop app also writes source "vscode": its originator decides first.
  if (o.includes('desktop')) return 'desktop';
  if (o === 'codex_vscode' || source === 'vscode') return 'in VS Code';
  if (o === 'codex_exec' || source === 'exec') return 'exec';
  return undefined;
}

/** The agent name a rollout's turns carry: `codex`, or `codex in VS Code` for the IDE extension's. */
function turnAgent(state: CodexState): string {
  return state.surface === undefined ? 'codex' : `codex ${state.surface}`;
}

/**
 * Turn bounds: `task_started` … `task_complete` (or `turn_aborted` when the human stopped it);
 * every token_count in between is a record of work that moves an open turn's end.
 */
function turnEvent(kind: string | undefined, t: number, state: CodexState, turnEnded: (turn: AgentTurn) => void): void {
  if (kind === 'task_started') promptAt(turnAgent(state), state, t, turnEnded);
  else if (kind === 'task_complete') endAt(turnAgent(state), state, t, false, turnEnded);
  else if (kind === 'turn_aborted') endAt(turnAgent(state), state, t, true, turnEnded);
  else if (kind === 'token_count' && state.turn !== undefined) recordAt(state, t);
}

/**
 * Reads one Codex CLI rollout record (`~/.codex/sessions/YYYY/MM/DD/rollout-*.jsonl`).
 * Buckets: input = input_tokens − cached_input_tokens (Codex's input includes the cached part),
 * cacheRead = cached_input_tokens, cacheCreation = 0 (Codex logs no cache writes), and
 * output = output_tokens as is: Codex already counts reasoning inside output_tokens
 * (reasoning_output_tokens is a breakdown, not an addition), so adding it would double count.
 */
function codexRecord(entry: JsonObject | undefined, state: CodexState, turnEnded: (turn: AgentTurn) => void): UsageRecord | LineSkip {
  const type = asString(entry?.type);
  const payload = asObject(entry?.payload);
  if (entry === undefined || type === undefined || payload === undefined) return 'malformed';
  if (type === 'session_meta' || type === 'turn_context') {
    applyContext(type, payload, state);
    return 'ignored';
  }
  if (type !== 'event_msg') return 'ignored';
  const timestamp = timeOf(entry.timestamp);
  if (timestamp !== undefined) turnEvent(asString(payload.type), timestamp, state, turnEnded);
  if (payload.type !== 'token_count') return 'ignored';
  // info is null on the first token_count of a turn (only rate limits are known yet).
  const info = asObject(payload.info);
  if (info === undefined) return 'ignored';
  if (timestamp === undefined) return 'malformed';
  const total = readCounters(info.total_token_usage);
  const last = readCounters(info.last_token_usage);
  const tokens = turnTokens(total, last, state);
  if (tokens === undefined || tokens.input + tokens.output === 0) return 'ignored';
  const cacheRead = Math.min(tokens.cached, tokens.input);
  return {
    agent: 'codex',
    key: codexKey(total, last, state, timestamp),
    timestamp,
    sessionId: state.sessionId,
    cwd: state.cwd,
    model: state.model,
    input: tokens.input - cacheRead,
    output: tokens.output,
    cacheCreation: 0,
    cacheRead,
  };
}

/** Counters as a key part: `input/cached/output/total`. */
function countersKey(c: CodexCounters | undefined): string {
  return c === undefined ? '-' : `${c.input}/${c.cached}/${c.output}/${c.total}`;
}

/**
 * A token_count's identity: its running total and its own last usage, not where or when it was
 * written. A forked or spawned thread (`forked_from_id`, `thread_spawn`) starts by replaying its
 * parent's history, token counts included, with timestamps rewritten to the fork; an archived
 * rollout is a copy under `archived_sessions/`. Both carry the parent's exact counters, so they
 * key the same and the store counts them once. Eight counters of one session's cumulative
 * history do not repeat by chance; logs without a running total fall back to session and time.
 */
function codexKey(total: CodexCounters | undefined, last: CodexCounters | undefined, state: CodexState, timestamp: number): string {
  if (total === undefined) return `codex:${state.sessionId ?? '-'}:${timestamp}:${countersKey(last)}`;
  return `codex:${countersKey(total)}:${countersKey(last)}`;
}

/** Persisted counters, or undefined unless every field is a finite number. */
function reviveCounters(value: unknown): CodexCounters | undefined {
  const o = asObject(value);
  const [input, cached, output, total] = [o?.input, o?.cached, o?.output, o?.total];
  return isFiniteNumber(input) && isFiniteNumber(cached) && isFiniteNumber(output) && isFiniteNumber(total)
    ? { input, cached, output, total }
    : undefined;
}

/** A persisted CodexState, checked field by field so a stale or foreign shape cannot poison deltas. */
function reviveCodexState(saved: unknown): CodexState | undefined {
  const s = asObject(saved);
  if (s === undefined) return undefined;
  const last = s.last === undefined ? undefined : reviveCounters(s.last);
  if (s.last !== undefined && last === undefined) return undefined;
  return {
    sessionId: asString(s.sessionId),
    cwd: asString(s.cwd),
    model: asString(s.model),
    surface: asString(s.surface),
    last,
    ...turnField(s.turn),
  };
}

/** The fields codexRecord reads (a session_meta line also carries the CLI's whole instructions, never read). */
const CODEX_FIELDS: Fields = {
  type: 'value',
  timestamp: 'time',
  payload: { type: 'value', id: 'value', cwd: 'value', model: 'value', originator: 'value', source: 'value', info: 'value' },
};

/**
 * The Codex CLI format. The pre-filter must also admit session_meta and turn_context lines,
 * which carry the session id, cwd and model that later token counts are attributed to, and the
 * task events that bound turns.
 */
export const codexFormat: LogFormat<CodexState> = {
  agent: 'codex',
  mustContainAny: ['"token_count"', '"turn_context"', '"session_meta"', '"task_started"', '"task_complete"', '"turn_aborted"'],
  // A rollout under both sessions/ and archived_sessions/ is one rollout.
  sameFileByName: true,
  initialState: () => ({}),
  reviveState: reviveCodexState,
  fields: CODEX_FIELDS,
  parseRecord: codexRecord,
  openTurn: (state) => openTurnOf(turnAgent(state), state),
};

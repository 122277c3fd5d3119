import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AgentTurn } from '../domain/turns';
import { asCount, asObject, asString, timeOf, type JsonObject } from './json';
import type { LineSkip, LogFormat } from './reader';
import type { Fields } from './skim';
import { promptAt, recordAt, turnField, openTurnOf, type TurnContext } from './turnState';
import type { UsageRecord } from '../domain/tokens';

/** What a Gemini CLI chat file carries from line to line: its session, project folder and open turn. */
export interface GeminiState extends TurnContext {
  /** A subagent's chat lies in a folder named after its parent session, whose turns it belongs to. */
  parentSessionId?: string;
}

/**
 * The project folder of a chat file `<root>/tmp/<project>/chats/[<parent session>/]<file>.jsonl`:
 * Gemini CLI names `<project>` with a short slug and writes the absolute project path into
 * `<project>/.project_root` (older versions named it by a SHA-256 of the path, which cannot be
 * read back: such chats count tokens but belong to no workspace).
 */
function projectOf(file: string): { cwd?: string; parentSessionId?: string } {
  const chats = path.dirname(file);
  const nested = path.basename(chats) !== 'chats';
  const cwd = geminiProjectRoot(path.dirname(nested ? path.dirname(chats) : chats));
  return { cwd, ...(nested ? { parentSessionId: path.basename(chats) } : {}) };
}

/** The `.project_root` of each Gemini project folder read so far: it never changes, and live looks come every 3 s. */
const projectRoots = new Map<string, string>();

/**
 * The project path a Gemini project folder (`<root>/tmp/<project>`) names in its `.project_root`;
 * undefined while it has none (not written yet, or a version before the marker: asked again next time)
 * or names none (an empty file, kept as read).
 */
export function geminiProjectRoot(projectDir: string): string | undefined {
  let root = projectRoots.get(projectDir);
  if (root === undefined) {
    try {
      root = fs.readFileSync(path.join(projectDir, '.project_root'), 'utf8').trim();
    } catch {
      return undefined;
    }
    projectRoots.set(projectDir, root);
  }
  return root || undefined;
}

/** The latest instant a message shows: its own, or a later tool call's. */
function lastInstant(message: JsonObject, t: number): number {
  const calls = Array.isArray(message.toolCalls) ? message.toolCalls : [];
  return calls.reduce((latest: number, call: unknown) => Math.max(latest, timeOf(asObject(call)?.timestamp) ?? latest), t);
}

/** Usage of a `gemini` message. Gemini's `input` includes `cached`; thoughts and tool-use prompts are counted apart by the API. */
function usageOf(message: JsonObject, state: GeminiState, t: number): UsageRecord | LineSkip {
  const tokens = asObject(message.tokens);
  const id = asString(message.id);
  if (tokens === undefined || id === undefined) return 'ignored';
  const cached = asCount(tokens.cached);
  const input = Math.max(0, asCount(tokens.input) - cached) + asCount(tokens.tool);
  const output = asCount(tokens.output) + asCount(tokens.thoughts);
  if (input + output + cached === 0) return 'ignored';
  // A message is appended again when its tokens or tool calls arrive: the id keys its copies.
  return {
    agent: 'gemini',
    key: `gemini:${state.sessionId ?? '-'}:${id}`,
    timestamp: t,
    sessionId: state.sessionId,
    cwd: state.cwd,
    model: asString(message.model),
    input,
    output,
    cacheCreation: 0,
    cacheRead: cached,
  };
}

/**
 * Reads one record of a Gemini CLI chat (`~/.gemini/tmp/<project>/chats/session-*.jsonl`): a
 * metadata line with the session id, then message records (`user`, `gemini`, `info`, …) appended
 * again whenever they change. A `user` message is a prompt that starts a turn; the agent's
 * messages and tool calls move it on; the turn ends with its last record (Gemini writes no end marker).
 */
function geminiRecord(record: JsonObject | undefined, state: GeminiState, turnEnded: (turn: AgentTurn) => void): UsageRecord | LineSkip {
  if (record === undefined) return 'malformed';
  // History rewrites and rewinds repeat or drop messages already read; they are not new work.
  if ('$set' in record || '$rewindTo' in record) return 'ignored';
  if (asString(record.id) === undefined) {
    state.sessionId ??= state.parentSessionId ?? asString(record.sessionId);
    return 'ignored';
  }
  const t = timeOf(record.timestamp);
  if (t === undefined) return 'malformed';
  if (record.type === 'user') {
    // A copy of a prompt already read (re-appended on a change) is no new prompt.
    if (state.turn === undefined || t > state.turn.start) promptAt('gemini', state, t, turnEnded);
    return 'ignored';
  }
  recordAt(state, lastInstant(record, t));
  return record.type === 'gemini' ? usageOf(record, state, t) : 'ignored';
}

/** A persisted GeminiState, field by field. */
function reviveGeminiState(saved: unknown): GeminiState | undefined {
  const s = asObject(saved);
  if (s === undefined) return undefined;
  return { sessionId: asString(s.sessionId), cwd: asString(s.cwd), parentSessionId: asString(s.parentSessionId), ...turnField(s.turn) };
}

/** The fields geminiRecord reads; of a tool call only its time (its arguments and output are most of a line). */
const GEMINI_FIELDS: Fields = {
  $set: 'lazy',
  $rewindTo: 'lazy',
  id: 'value',
  sessionId: 'value',
  timestamp: 'time',
  type: 'value',
  model: 'value',
  tokens: 'value',
  toolCalls: [{ timestamp: 'time' }],
};

/** The Gemini CLI format; a file's project folder comes from its project's `.project_root` (see geminiProjectRoot). */
export const geminiFormat: LogFormat<GeminiState> = {
  agent: 'gemini',
  mustContainAny: ['"sessionId"', '"type":"user"', '"type":"gemini"', '"type":"info"', '"type":"error"'],
  initialState: (file) => projectOf(file),
  reviveState: reviveGeminiState,
  fields: GEMINI_FIELDS,
  parseRecord: geminiRecord,
  openTurn: (state) => openTurnOf('gemini', state),
};

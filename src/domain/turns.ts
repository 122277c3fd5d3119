import { union, type Interval } from './intervals';
import type { AgentSession } from './session';

/**
 * One turn of an agent as its own records show it: from the human's prompt (or the first record
 * of work) to the last record of the agent's response. Never holds the prompt or the response.
 */
export interface AgentTurn {
  readonly agent: string;
  /** The agent's session id; subagent transcripts carry their parent's, so they merge into its turns. */
  readonly sessionId?: string;
  readonly cwd?: string;
  readonly start: number;
  /** The latest record so far for an open turn. */
  readonly end: number;
  /** True when the human started it with a prompt (not a continuation, compaction or subagent). */
  readonly prompted: boolean;
  /** True when the human stopped it ("[Request interrupted by user]", Codex `turn_aborted`). */
  readonly interrupted: boolean;
  /** True while the agent has not finished it yet. */
  readonly open: boolean;
}

/** The id of the one session row that keeps an agent session's turns (stable across scans and windows). */
export function recordSessionId(agent: string, sessionId: string): string {
  return `records:${agent}:${sessionId}`;
}

/**
 * Merges new turns of one agent session into its stored row: the active stretches are the union
 * of every turn seen so far, so a rescan, a re-read file or a subagent inside a turn adds nothing twice.
 * Prompt instants are kept (as zero-length marks in `prompts`) for supervisory time.
 */
export function mergeTurns(existing: AgentSession | undefined, turns: readonly AgentTurn[], id: string, now: number): AgentSession {
  const first = turns[0];
  const active: Interval[] = union([...(existing?.active ?? []), ...turns.map((t) => ({ start: t.start, end: t.end }))]);
  const prompts = [...new Set([...(existing?.prompts ?? []), ...turns.filter((t) => t.prompted).map((t) => t.start)])].sort(
    (a, b) => a - b,
  );
  const starts = [...turns.map((t) => t.start), ...(existing ? [existing.startedAt] : [])];
  const ends = [...turns.map((t) => t.end), ...(existing?.endedAt !== undefined ? [existing.endedAt] : [])];
  return {
    id,
    agent: existing?.agent ?? first?.agent ?? 'agent',
    workspace: existing?.workspace ?? '',
    cwd: turns.find((t) => t.cwd !== undefined)?.cwd ?? existing?.cwd,
    startedAt: Math.min(...starts),
    endedAt: Math.max(...ends),
    active,
    prompts,
    measuredBy: 'records',
    updatedAt: now,
  };
}

/**
 * Supervisory credit from prompts in the agents' records: typing a prompt into an agent's chat
 * panel or terminal UI leaves no editor event, so each prompt credits the time before it, at most
 * `timeoutMs` and never before the end of that session's previous turn (the human was waiting or
 * reading then, which other signals count).
 */
export function promptCredits(sessions: readonly AgentSession[], timeoutMs: number): Interval[] {
  const credits: Interval[] = [];
  for (const s of sessions) {
    for (const p of s.prompts ?? []) {
      const previousEnd = s.active.reduce((latest, i) => (i.end <= p && i.end > latest ? i.end : latest), -Infinity);
      const inside = s.active.some((i) => i.start < p && p < i.end);
      if (!inside) credits.push({ start: Math.max(p - timeoutMs, previousEnd), end: p });
    }
  }
  return credits;
}

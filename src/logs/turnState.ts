import type { AgentTurn } from '../domain/turns';
import { asObject, isFiniteNumber } from './json';

/** A turn being read: kept in a file's parse state, so it is plain JSON and survives in the checkpoint. */
export interface OpenTurn {
  start: number;
  last: number;
  prompted: boolean;
}

/** Context a format keeps for the turns of one file. */
export interface TurnContext {
  sessionId?: string;
  cwd?: string;
  turn?: OpenTurn;
}

/** The finished (or still open) turn of `ctx`. */
function turnOf(agent: string, ctx: TurnContext, turn: OpenTurn, interrupted: boolean, open: boolean): AgentTurn {
  return {
    agent,
    sessionId: ctx.sessionId,
    cwd: ctx.cwd,
    start: turn.start,
    end: Math.max(turn.start, turn.last),
    prompted: turn.prompted,
    interrupted,
    open,
  };
}

/** The turn still open in `ctx`, counted up to its latest record (LogFormat.openTurn). */
export function openTurnOf(agent: string, ctx: TurnContext): AgentTurn | undefined {
  return ctx.turn === undefined ? undefined : turnOf(agent, ctx, ctx.turn, false, true);
}

/** A record of work at `t`: extends the open turn, or opens one (the agent works without a fresh prompt). */
export function recordAt(ctx: TurnContext, t: number): void {
  if (ctx.turn === undefined) ctx.turn = { start: t, last: t, prompted: false };
  else ctx.turn.last = Math.max(ctx.turn.last, t);
}

/** A human prompt at `t`: ends the open turn at its latest record and opens a new one. */
export function promptAt(agent: string, ctx: TurnContext, t: number, turnEnded: (turn: AgentTurn) => void): void {
  if (ctx.turn !== undefined) turnEnded(turnOf(agent, ctx, ctx.turn, false, false));
  ctx.turn = { start: t, last: t, prompted: true };
}

/** The turn ended at `t` (its last record), normally or by the human interrupting it. */
export function endAt(agent: string, ctx: TurnContext, t: number, interrupted: boolean, turnEnded: (turn: AgentTurn) => void): void {
  if (ctx.turn === undefined) return;
  ctx.turn.last = Math.max(ctx.turn.last, t);
  turnEnded(turnOf(agent, ctx, ctx.turn, interrupted, false));
  ctx.turn = undefined;
}

/** A persisted open turn as a state field: `{ turn }`, or nothing when absent or of the wrong shape. */
export function turnField(value: unknown): { turn?: OpenTurn } {
  const o = asObject(value);
  return o !== undefined && isFiniteNumber(o.start) && isFiniteNumber(o.last) && typeof o.prompted === 'boolean'
    ? { turn: { start: o.start, last: o.last, prompted: o.prompted } }
    : {};
}

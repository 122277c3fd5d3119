import type { SecondOpinion } from './secondOpinion';
import type { TokenDetail } from './tokens';
import type { Outcome } from './outcome';
import type { Machine } from './machine';

/** Where a measured figure came from, so the record says what each number is. */
export type FigureSource = 'measured' | 'user' | 'imported' | 'wallclock';

/** One unit of AI-assisted work, from start to stop, with its figures. */
export interface Task {
  readonly id: string;
  readonly title: string;
  /** Key of the workspace the task was started in (folder URI, or '' without a folder). */
  readonly workspace: string;
  /** Epoch milliseconds. */
  readonly startedAt: number;
  /** Epoch milliseconds; undefined while the task runs. */
  readonly stoppedAt?: number;
  /** Hours a senior engineer familiar with the code would need by hand. */
  readonly humanHours?: number;
  readonly aiMinutes?: number;
  readonly aiSource?: FigureSource;
  /** Where measured AI minutes came from, e.g. `claude records + terminal`. */
  readonly aiVia?: string;
  readonly supMinutes?: number;
  readonly supSource?: FigureSource;
  readonly tokens?: number;
  readonly tokensSource?: FigureSource;
  /** The split of measured tokens by kind and model. */
  readonly tokensDetail?: TokenDetail;
  /** Epoch milliseconds of the last change; the newer copy wins when two windows edit one task. */
  readonly updatedAt: number;
  /** Set when the user deleted the task (kept so that undo, and other windows, see the deletion). */
  readonly deletedAt?: number;
  /** What the user's history suggested when the task stopped (shown beside the estimate, never in it). */
  readonly opinion?: SecondOpinion;
  /** The machine the task was recorded on, for tasks read from another machine's sync file; undefined for this one. */
  readonly machine?: Machine;
}

/** Minutes are kept to the millisecond-ish (3 decimals) so exports round-trip exactly. */
export function roundMinutes(minutes: number): number {
  return Math.round(minutes * 1000) / 1000;
}

/** The longest title kept; longer input is cut so one paste cannot bloat the record. */
export const MAX_TITLE_LENGTH = 200;

/** Checks and normalises a task title: trimmed, single-line, not blank. */
export function normaliseTitle(raw: string): Outcome<string> {
  const title = raw.replace(/\s+/g, ' ').trim();
  if (title.length === 0) {
    return { ok: false, message: 'Give the task a name, e.g. "Add CSV export with tests".' };
  }
  if (title.length > MAX_TITLE_LENGTH) {
    return { ok: false, message: `Keep the name under ${MAX_TITLE_LENGTH} characters (it has ${title.length}).` };
  }
  return { ok: true, value: title };
}

/** A new running task. */
export function createTask(id: string, title: string, workspace: string, now: number): Task {
  return { id, title, workspace, startedAt: now, updatedAt: now };
}

/**
 * The `updatedAt` of an edit made at `now`: always after the copy it edits, so the edit wins over
 * it even when that copy came from a machine whose clock runs ahead of this one.
 */
export function editedAt(task: Task, now: number): number {
  return Math.max(now, task.updatedAt + 1);
}

/** True while the task has not been stopped. */
export function isRunning(task: Task): boolean {
  return task.stoppedAt === undefined;
}

/** A task that has been stopped, so its end is known. */
export type StoppedTask = Task & { readonly stoppedAt: number };

/** True once the task has been stopped (the type then says so too). */
export function isStopped(task: Task): task is StoppedTask {
  return !isRunning(task);
}

/** Wall-clock minutes from start to stop (or to `now` while running). */
export function elapsedMinutes(task: Task, now: number): number {
  const end = task.stoppedAt ?? now;
  return Math.max(0, end - task.startedAt) / 60_000;
}

/** What is known when a task stops: the estimate, what was measured, and any user corrections. */
export interface StopFigures {
  readonly humanHours: number;
  readonly measuredAiMinutes?: number;
  /** The sources of the measured AI minutes, e.g. `claude records + terminal`. */
  readonly measuredAiVia?: string;
  readonly measuredSupMinutes?: number;
  readonly userAiMinutes?: number;
  readonly userSupMinutes?: number;
  /** The second opinion shown in the stop prompt, kept with the task. */
  readonly opinion?: SecondOpinion;
}

/**
 * Stops a running task. Each figure takes the user's correction first, then the measurement;
 * AI minutes fall back to wall-clock minutes, marked `wallclock` so nobody mistakes them for a
 * measurement.
 */
export function stopTask(task: Task, now: number, figures: StopFigures): Task {
  if (!isRunning(task)) {
    throw new Error(`Task "${task.title}" is already stopped.`);
  }
  const stoppedAt = Math.max(now, task.startedAt);
  // Without an opinion the task gets no key for it at all, like every other optional figure.
  const opinion = figures.opinion ? { opinion: figures.opinion } : {};
  const stopped: Task = { ...task, stoppedAt, humanHours: figures.humanHours, updatedAt: now, ...opinion };
  const ai = pick(figures.userAiMinutes, figures.measuredAiMinutes) ?? {
    value: roundMinutes(elapsedMinutes(stopped, now)),
    source: 'wallclock' as const,
  };
  const sup = pick(figures.userSupMinutes, figures.measuredSupMinutes);
  return {
    ...stopped,
    aiMinutes: ai.value,
    aiSource: ai.source,
    aiVia: ai.source === 'measured' ? figures.measuredAiVia : undefined,
    supMinutes: sup?.value ?? task.supMinutes,
    supSource: sup?.source ?? task.supSource,
  };
}

function pick(user: number | undefined, measured: number | undefined): { value: number; source: FigureSource } | undefined {
  if (user !== undefined) return { value: roundMinutes(user), source: 'user' };
  if (measured !== undefined) return { value: roundMinutes(measured), source: 'measured' };
  return undefined;
}

import type { Task } from './task';

/**
 * Leverage factor = hours × 60 / minutes. Undefined (shown as "—") when either figure is missing
 * or the minutes are not positive, so no Infinity or NaN ever reaches the record.
 */
export function leverageFactor(hours: number | undefined, minutes: number | undefined): number | undefined {
  if (hours === undefined || minutes === undefined) return undefined;
  if (!Number.isFinite(hours) || !Number.isFinite(minutes) || minutes <= 0 || hours < 0) return undefined;
  return (hours * 60) / minutes;
}

/** A task's leverage over AI time. */
export function taskLeverage(task: Task): number | undefined {
  return leverageFactor(task.humanHours, task.aiMinutes);
}

/** A task's leverage over supervisory time. */
export function taskSupLeverage(task: Task): number | undefined {
  return leverageFactor(task.humanHours, task.supMinutes);
}

/**
 * Sums and weighted averages over a set of tasks. A sum is undefined (shown as "—") when no task
 * has that figure: an imported sheet without a Sup. column has no supervisory time, not zero.
 */
export interface Totals {
  readonly taskCount: number;
  readonly humanHours: number | undefined;
  readonly aiMinutes: number | undefined;
  readonly supMinutes: number | undefined;
  readonly tokens: number | undefined;
  /** Σ hours × 60 / Σ AI minutes over tasks that have both figures. */
  readonly leverage: number | undefined;
  /** Σ hours × 60 / Σ sup. minutes over tasks that have both figures. */
  readonly supLeverage: number | undefined;
}

/**
 * Weighted averages, never the mean of per-task factors: one 2-minute task with a huge factor must
 * not outweigh a day of work. Each average uses only the tasks that have both of its figures.
 */
export function totals(tasks: readonly Task[]): Totals {
  let humanHours: number | undefined, aiMinutes: number | undefined, supMinutes: number | undefined, tokens: number | undefined;
  let levHours = 0,
    levMinutes = 0,
    supHours = 0,
    supLevMinutes = 0;
  for (const t of tasks) {
    humanHours = addDefined(humanHours, t.humanHours);
    aiMinutes = addDefined(aiMinutes, t.aiMinutes);
    supMinutes = addDefined(supMinutes, t.supMinutes);
    tokens = addDefined(tokens, t.tokens);
    if (t.humanHours !== undefined && t.aiMinutes !== undefined && t.aiMinutes > 0) {
      levHours += t.humanHours;
      levMinutes += t.aiMinutes;
    }
    if (t.humanHours !== undefined && t.supMinutes !== undefined && t.supMinutes > 0) {
      supHours += t.humanHours;
      supLevMinutes += t.supMinutes;
    }
  }
  return {
    taskCount: tasks.length,
    humanHours,
    aiMinutes,
    supMinutes,
    tokens,
    leverage: levMinutes > 0 ? leverageFactor(levHours, levMinutes) : undefined,
    supLeverage: supLevMinutes > 0 ? leverageFactor(supHours, supLevMinutes) : undefined,
  };
}

/** A running sum that stays undefined until a first defined value arrives. */
function addDefined(sum: number | undefined, value: number | undefined): number | undefined {
  return value === undefined ? sum : (sum ?? 0) + value;
}

/**
 * The tasks whose AI minutes were measured, typed or imported: without those resting on the
 * wall-clock fallback, whose minutes include every pause and so understate their leverage.
 */
export function withoutWallClock(tasks: readonly Task[]): Task[] {
  return tasks.filter((t) => t.aiSource !== 'wallclock');
}

/**
 * The weighted leverage of `tasks` without those on the wall-clock fallback, and how many that
 * leaves out; undefined when none rests on it (the figure would repeat the weighted leverage).
 */
export function leverageWithoutWallClock(
  tasks: readonly Task[],
): { readonly leftOut: number; readonly leverage: number | undefined } | undefined {
  const measured = withoutWallClock(tasks);
  const leftOut = tasks.length - measured.length;
  return leftOut > 0 ? { leftOut, leverage: totals(measured).leverage } : undefined;
}

import { formatFactor, formatHours, formatMinutes, formatTokens } from '../domain/format';
import { coveredMs } from '../domain/intervals';
import { taskLeverage, taskSupLeverage, totals } from '../domain/leverage';
import type { Task } from '../domain/task';
import type { DayPoint, PanelData, RangeSpec, RowView, SessionView, TotalsView } from '../shared/protocol';
import type { Store } from './ports';
import { dayOf, resolveRange, type WeekStart } from './ranges';
import type { TaskService } from './taskService';

/** A running task's live figures: measured AI minutes (or wall clock until an agent is seen) and sup. minutes. */
function withLiveFigures(task: Task, service: TaskService): Task {
  if (task.stoppedAt !== undefined) return task;
  const facts = service.facts(task);
  return {
    ...task,
    aiMinutes: facts.aiMinutes ?? facts.wallMinutes,
    aiSource: facts.aiMinutes === undefined ? 'wallclock' : 'measured',
    supMinutes: facts.supMinutes,
    supSource: 'measured',
  };
}

/** One task as a panel row. */
export function rowView(task: Task, commits: number): RowView {
  const lev = taskLeverage(task);
  const supLev = taskSupLeverage(task);
  return {
    id: task.id,
    title: task.title,
    startedAt: task.startedAt,
    day: dayOf(task.startedAt),
    running: task.stoppedAt === undefined,
    humanHours: task.humanHours ?? null,
    aiMinutes: task.aiMinutes ?? null,
    aiSource: task.aiSource ?? null,
    supMinutes: task.supMinutes ?? null,
    supSource: task.supSource ?? null,
    tokens: task.tokens ?? null,
    leverage: lev ?? null,
    supLeverage: supLev ?? null,
    commits,
    text: {
      human: formatHours(task.humanHours),
      ai: formatMinutes(task.aiMinutes),
      sup: formatMinutes(task.supMinutes),
      tokens: formatTokens(task.tokens),
      leverage: formatFactor(lev),
      supLeverage: formatFactor(supLev),
    },
    tokensTitle: task.tokens === undefined ? '' : `${task.tokens.toLocaleString('en-US')} tokens (${task.tokensSource ?? 'unknown source'})`,
  };
}

/** The aggregate statistics over stopped tasks, formatted like the record. */
export function totalsView(tasks: readonly Task[]): TotalsView {
  const stopped = tasks.filter((t) => t.stoppedAt !== undefined);
  const sum = totals(stopped);
  return {
    taskCount: sum.taskCount,
    runningCount: tasks.length - stopped.length,
    text: {
      humanHours: formatHours(sum.humanHours),
      aiMinutes: formatMinutes(sum.aiMinutes),
      supMinutes: formatMinutes(sum.supMinutes),
      tokens: formatTokens(sum.tokens),
      leverage: formatFactor(sum.leverage),
      supLeverage: formatFactor(sum.supLeverage),
    },
  };
}

/** Weighted leverage per calendar day, oldest first. */
export function dayPoints(tasks: readonly Task[]): DayPoint[] {
  const byDay = new Map<string, Task[]>();
  for (const t of tasks) {
    if (t.stoppedAt === undefined) continue;
    const day = dayOf(t.startedAt);
    byDay.set(day, [...(byDay.get(day) ?? []), t]);
  }
  return [...byDay.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([day, list]) => ({ day, leverage: totals(list).leverage ?? null }));
}

/** Tasks of a range, running ones with live figures. */
export function tasksInRange(store: Store, service: TaskService, range: RangeSpec, now: number, weekStartsOn: WeekStart): { tasks: Task[]; label: string } {
  const resolved = resolveRange(range, now, weekStartsOn);
  const tasks = store.list(range.kind === 'all' ? undefined : { from: resolved.from, to: resolved.to }).map((t) => withLiveFigures(t, service));
  return { tasks, label: resolved.label };
}

/** Everything the panel shows for a range. */
export function panelData(store: Store, service: TaskService, range: RangeSpec, now: number, weekStartsOn: WeekStart): PanelData {
  const { tasks, label } = tasksInRange(store, service, range, now, weekStartsOn);
  const unattributed: SessionView[] = store.unattributedSessions().slice(0, 50).map((s) => ({
    id: s.id,
    label: `${s.agent} · ${new Date(s.startedAt).toLocaleString()} · active ${formatMinutes(coveredMs(s.active) / 60_000)}`,
  }));
  return {
    range,
    rangeLabel: label,
    rows: tasks.map((t) => rowView(t, store.commitsOfTask(t.id).length)),
    totals: totalsView(tasks),
    days: dayPoints(tasks),
    unattributed,
  };
}

/** What the panel shows: the record of a view as rows, totals and day points formatted like the record. */
import { formatFactor, formatHours, formatMinutes, formatTokens } from '../../domain/format';
import { PRICE_TABLE_DATE } from '../../domain/prices';
import { compareEstimates, describeComparison, describeOpinion } from '../../domain/secondOpinion';
import { coveredMs } from '../../domain/intervals';
import { leverageWithoutWallClock, taskLeverage, taskSupLeverage, totals } from '../../domain/leverage';
import { machinesOf, originOf, type Machine } from '../../domain/machine';
import { isRunning, isStopped, type Task } from '../../domain/task';
import type { DayPoint, PanelData, RowView, SessionView, SortKey, TotalsView, ViewSpec } from '../../shared/protocol';
import type { Store } from '../../app/ports';
import { tasksInRange } from '../../app/rangeTasks';
import { dayOf, type WeekStart } from '../../app/ranges';
import type { TaskService } from '../../app/taskService';

/** `1234567` → `1,234,567`; Intl-free because toLocaleString per row dominated large ranges. */
function groupDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `$1.23`: the estimate, always shown with its label. */
function dollars(usd: number): string {
  return `$${usd < 10 ? usd.toFixed(2) : usd.toFixed(0)}`;
}

/** The tooltip's cost line, when the estimate is on. */
function costLine(task: Task): string {
  const d = task.tokensDetail;
  if (!d) return '';
  const unpriced = d.unpricedModels.length ? `; no price for ${d.unpricedModels.join(', ')}` : '';
  return `\n≈ ${dollars(d.costUsd)} estimated at list prices of ${PRICE_TABLE_DATE}${unpriced}`;
}

/** The tooltip of the tokens cell: the split by kind and by model. */
function tokensTitle(task: Task): string {
  if (task.tokens === undefined) return '';
  const d = task.tokensDetail;
  if (!d) return `${groupDigits(task.tokens)} tokens (${task.tokensSource ?? 'unknown source'})`;
  const models = Object.entries(d.models)
    .map(([m, n]) => `${m}: ${formatTokens(n)}`)
    .join(', ');
  return `input ${groupDigits(d.input)} · output ${groupDigits(d.output)} · cache write ${groupDigits(d.cacheCreation)} · cache read ${groupDigits(d.cacheRead)}${models ? ` — ${models}` : ''}`;
}

/** One task as a panel row; `showCost` adds the labelled cost estimate to the tokens tooltip. */
export function rowView(task: Task, commits: number, showCost = false): RowView {
  const lev = taskLeverage(task);
  const supLev = taskSupLeverage(task);
  return {
    id: task.id,
    title: task.title,
    startedAt: task.startedAt,
    day: dayOf(task.startedAt),
    running: isRunning(task),
    humanHours: task.humanHours ?? null,
    aiMinutes: task.aiMinutes ?? null,
    aiSource: task.aiSource ?? null,
    aiVia: task.aiVia ?? null,
    supMinutes: task.supMinutes ?? null,
    supSource: task.supSource ?? null,
    tokens: task.tokens ?? null,
    leverage: lev ?? null,
    supLeverage: supLev ?? null,
    commits,
    machine: task.machine?.name ?? null,
    text: {
      human: formatHours(task.humanHours),
      ai: formatMinutes(task.aiMinutes),
      sup: formatMinutes(task.supMinutes),
      tokens: formatTokens(task.tokens),
      leverage: formatFactor(lev),
      supLeverage: formatFactor(supLev),
    },
    tokensTitle: tokensTitle(task) + (showCost ? costLine(task) : ''),
    opinionTitle: task.opinion ? `Second opinion at stop: ${describeOpinion(task.opinion)}` : '',
  };
}

/** The aggregate statistics over stopped tasks, formatted like the record. */
export function totalsView(tasks: readonly Task[], showCost = false): TotalsView {
  const stopped = tasks.filter(isStopped);
  const sum = totals(stopped);
  const measured = leverageWithoutWallClock(stopped);
  const comparison = compareEstimates(stopped);
  return {
    taskCount: sum.taskCount,
    runningCount: tasks.length - stopped.length,
    wallclockCount: measured?.leftOut ?? 0,
    text: {
      humanHours: formatHours(sum.humanHours),
      aiMinutes: formatMinutes(sum.aiMinutes),
      supMinutes: formatMinutes(sum.supMinutes),
      tokens: formatTokens(sum.tokens),
      leverage: formatFactor(sum.leverage),
      supLeverage: formatFactor(sum.supLeverage),
      measuredLeverage: measured ? formatFactor(measured.leverage) : null,
      cost: showCost ? `≈ ${dollars(stopped.reduce((usd, t) => usd + (t.tokensDetail?.costUsd ?? 0), 0))}` : null,
      opinion: comparison ? describeComparison(comparison) : null,
    },
  };
}

/** Weighted leverage per calendar day, oldest first. */
function dayPoints(tasks: readonly Task[]): DayPoint[] {
  const byDay = new Map<string, Task[]>();
  for (const t of tasks) {
    if (isRunning(t)) continue;
    const day = dayOf(t.startedAt);
    const list = byDay.get(day);
    if (list) list.push(t);
    else byDay.set(day, [t]);
  }
  return [...byDay.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([day, list]) => ({ day, leverage: totals(list).leverage ?? null }));
}

/** The value a task sorts by in a column; undefined sorts last. */
function sortValue(task: Task, key: SortKey, commits: Map<string, number>): number | string | undefined {
  switch (key) {
    case 'index':
      return task.startedAt;
    case 'title':
      return task.title.toLowerCase();
    case 'human':
      return task.humanHours;
    case 'ai':
      return task.aiMinutes;
    case 'sup':
      return task.supMinutes;
    case 'tokens':
      return task.tokens;
    case 'leverage':
      return taskLeverage(task);
    case 'supLeverage':
      return taskSupLeverage(task);
    case 'commits':
      return commits.get(task.id) ?? 0;
    case 'machine':
      // This machine's tasks first (ascending), then the others by name.
      return task.machine?.name.toLowerCase() ?? '';
  }
}

/** Sorts tasks for the log; ties keep start order. */
export function sortTasks(tasks: readonly Task[], key: SortKey, descending: boolean, commits: Map<string, number>): Task[] {
  // The store lists tasks by start already: the default order needs no sort.
  if (key === 'index') return descending ? [...tasks].reverse() : [...tasks];
  const dir = descending ? -1 : 1;
  const keyed = tasks.map((task) => ({ task, value: sortValue(task, key, commits) }));
  keyed.sort((a, b) => {
    if (a.value === b.value) return a.task.startedAt - b.task.startedAt;
    if (a.value === undefined) return 1;
    if (b.value === undefined) return -1;
    return (a.value < b.value ? -1 : 1) * dir;
  });
  return keyed.map((k) => k.task);
}

/** Everything the panel shows for a view. Only the visible page of rows is formatted. */
export function panelData(
  store: Store,
  service: TaskService,
  view: ViewSpec,
  now: number,
  weekStartsOn: WeekStart,
  showCost: boolean,
  self: Machine,
): PanelData {
  const inRange = tasksInRange(store, service, view.range, now, weekStartsOn);
  const label = inRange.label;
  const tasks = view.machine === undefined ? inRange.tasks : inRange.tasks.filter((t) => originOf(t, self).id === view.machine);
  const commits = store.commitCounts();
  const unattributed: SessionView[] = store
    .unattributedSessions()
    .slice(0, 50)
    .map((s) => ({
      id: s.id,
      label: `${s.agent} · ${new Date(s.startedAt).toLocaleString()} · active ${formatMinutes(coveredMs(s.active) / 60_000)}`,
    }));
  const page = sortTasks(tasks, view.sort.key, view.sort.descending, commits).slice(0, view.limit);
  return {
    view,
    rangeLabel: label,
    rows: page.map((t) => rowView(t, commits.get(t.id) ?? 0, showCost)),
    totalRows: tasks.length,
    totals: totalsView(tasks, showCost),
    days: dayPoints(tasks),
    unattributed,
    // The machines, not every task: listing the record would build its whole index on the panel's first load.
    machines: machinesOf(store.otherMachines(), self),
  };
}

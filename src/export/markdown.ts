import { formatFactor, formatHours, formatMinutes, formatTokens } from '../domain/format';
import { leverageWithoutWallClock, taskLeverage, taskSupLeverage, totals } from '../domain/leverage';
import { isStopped, type Task } from '../domain/task';
import { originOf, type Machine } from '../domain/machine';

/** The two forms of the Markdown record: the one people publish, and a compact one. */
export const MARKDOWN_LAYOUTS = ['published', 'compact'] as const;

/** Which form of the Markdown record to write. */
export type MarkdownLayout = (typeof MARKDOWN_LAYOUTS)[number];

/** Makes text safe inside a Markdown table cell: no pipes, no HTML, no line breaks. */
function markdownCell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\r\n]+/g, ' ');
}

/** One row of a table: cells joined by pipes. */
function row(cells: readonly (string | number)[]): string {
  return `| ${cells.join(' | ')} |`;
}

/**
 * The task table: a header, its rule, one row per task. With tasks of several machines (a sync
 * folder), a Machine column after Task says where each was recorded (`here` is this machine);
 * a record of one machine keeps the published columns exactly.
 */
function taskTable(tasks: readonly Task[], factorLabels: readonly [string, string], here: Machine): string[] {
  const several = new Set(tasks.map((t) => originOf(t, here).id)).size > 1;
  const machine = (t: Task): string[] => (several ? [markdownCell(originOf(t, here).name)] : []);
  const header = ['#', 'Task', ...(several ? ['Machine'] : []), 'Human Est.', 'AI', 'Sup.', 'Tokens', ...factorLabels];
  return [
    row(header),
    row(header.map(() => '---')),
    ...tasks.map((t, i) =>
      row([
        i + 1,
        markdownCell(t.title),
        ...machine(t),
        formatHours(t.humanHours),
        formatMinutes(t.aiMinutes),
        formatMinutes(t.supMinutes),
        formatTokens(t.tokens),
        formatFactor(taskLeverage(t)),
        formatFactor(taskSupLeverage(t)),
      ]),
    ),
  ];
}

/** One aggregate statistic; `formula` says how a weighted average is formed. */
interface Statistic {
  readonly metric: string;
  readonly value: string;
  readonly formula?: string;
}

/** The aggregate statistics: weighted averages over the given tasks, "—" where nothing was measured. */
function statistics(tasks: readonly Task[]): Statistic[] {
  const sum = totals(tasks);
  // Only when some task rests on the wall-clock fallback does the second average say anything new.
  const measured = leverageWithoutWallClock(tasks);
  const withoutWall: Statistic[] = measured
    ? [
        {
          metric: 'Weighted average leverage without wall-clock tasks',
          value: formatFactor(measured.leverage),
          formula: `${measured.leftOut} left out: no agent measured`,
        },
      ]
    : [];
  return [
    { metric: 'Total tasks', value: String(sum.taskCount) },
    { metric: 'Total human-equivalent hours', value: formatHours(sum.humanHours) },
    { metric: 'Total AI minutes', value: formatMinutes(sum.aiMinutes) },
    { metric: 'Total supervisory minutes', value: formatMinutes(sum.supMinutes) },
    { metric: 'Total tokens', value: formatTokens(sum.tokens) },
    { metric: 'Weighted average leverage', value: formatFactor(sum.leverage), formula: 'Σ hours × 60 / Σ AI minutes' },
    ...withoutWall,
    { metric: 'Weighted average supervisory leverage', value: formatFactor(sum.supLeverage), formula: 'Σ hours × 60 / Σ sup. minutes' },
  ];
}

/** A statistic's name with its formula, if it has one. */
function named(s: Statistic): string {
  return s.formula ? `${s.metric} (${s.formula})` : s.metric;
}

/**
 * The "Leverage Record" as people publish it: a dated title, the task log with leverage factors,
 * then the aggregate statistics (weighted averages over stopped tasks) as a Metric/Value table.
 * The compact layout keeps one table and a list. Running tasks are left out: they have no estimate yet.
 */
export function tasksToMarkdown(tasks: readonly Task[], heading: string, layout: MarkdownLayout, here: Machine): string {
  const stopped = tasks.filter(isStopped);
  const title = `# Leverage Record — ${markdownCell(heading)}`;
  const stats = statistics(stopped);
  const lines =
    layout === 'published'
      ? [
          title,
          '',
          '## Task Log',
          '',
          ...taskTable(stopped, ['Factor', 'Sup. Factor'], here),
          '',
          '## Aggregate Statistics',
          '',
          row(['Metric', 'Value']),
          row(['---', '---']),
          ...stats.map((s) => row([named(s), s.value])),
        ]
      : [
          title,
          '',
          ...taskTable(stopped, ['Leverage', 'Sup. Leverage'], here),
          '',
          '## Aggregate statistics',
          '',
          ...stats.map((s) => `- ${s.metric}: ${s.value}${s.formula ? ` (${s.formula})` : ''}`),
        ];
  return [...lines, ''].join('\n');
}

import { formatFactor, formatHours, formatMinutes, formatTokens } from '../domain/format';
import { taskLeverage, taskSupLeverage, totals } from '../domain/leverage';
import { isStopped, type Task } from '../domain/task';

/** Makes text safe inside a Markdown table cell: no pipes, no HTML, no line breaks. */
export function markdownCell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\r\n]+/g, ' ');
}

/**
 * The "Leverage Record" as people publish it: the task table, then the aggregate statistics
 * (weighted averages over stopped tasks). Running tasks are left out: they have no estimate yet.
 */
export function tasksToMarkdown(tasks: readonly Task[], heading: string): string {
  const stopped = tasks.filter(isStopped);
  const lines = [
    `# Leverage Record — ${markdownCell(heading)}`,
    '',
    '| # | Task | Human Est. | AI | Sup. | Tokens | Leverage | Sup. Leverage |',
    '|---|---|---|---|---|---|---|---|',
    ...stopped.map((t, i) =>
      `| ${i + 1} | ${markdownCell(t.title)} | ${formatHours(t.humanHours)} | ${formatMinutes(t.aiMinutes)} | ${formatMinutes(t.supMinutes)} | ${formatTokens(t.tokens)} | ${formatFactor(taskLeverage(t))} | ${formatFactor(taskSupLeverage(t))} |`,
    ),
  ];
  const sum = totals(stopped);
  lines.push(
    '',
    '## Aggregate statistics',
    '',
    `- Total tasks: ${sum.taskCount}`,
    `- Total human-equivalent hours: ${formatHours(sum.humanHours)}`,
    `- Total AI minutes: ${formatMinutes(sum.aiMinutes)}`,
    `- Total supervisory minutes: ${formatMinutes(sum.supMinutes)}`,
    `- Total tokens: ${formatTokens(sum.tokens)}`,
    `- Weighted average leverage: ${formatFactor(sum.leverage)} (Σ hours × 60 / Σ AI minutes)`,
    `- Weighted average supervisory leverage: ${formatFactor(sum.supLeverage)} (Σ hours × 60 / Σ sup. minutes)`,
    '',
  );
  return lines.join('\n');
}

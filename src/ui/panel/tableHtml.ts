import { formatFactor, formatHours, formatMinutes, formatTokens } from '../../domain/format';
import { taskLeverage, taskSupLeverage, totals } from '../../domain/leverage';
import type { Task } from '../../domain/task';

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function row(task: Task, index: number): string {
  const cells = [
    String(index + 1),
    task.title,
    formatHours(task.humanHours),
    formatMinutes(task.aiMinutes) + (task.aiSource === 'wallclock' ? ' (wall)' : ''),
    formatMinutes(task.supMinutes),
    formatTokens(task.tokens),
    formatFactor(taskLeverage(task)),
    formatFactor(taskSupLeverage(task)),
  ];
  const running = task.stoppedAt === undefined ? ' class="running"' : '';
  return `<tr${running}>${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`;
}

/**
 * The interim panel: a static, script-free table of every task plus the weighted totals. The CSP
 * allows only the one nonce'd style block, so even an unescaped title could not run script.
 */
export function renderTableHtml(tasks: readonly Task[], nonce: string): string {
  const sum = totals(tasks.filter((t) => t.stoppedAt !== undefined));
  const body = tasks.length === 0
    ? '<tr><td colspan="8">No tasks yet. Click "Start task" in the status bar.</td></tr>'
    : tasks.map(row).join('');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Leverage Record</title>
<style nonce="${nonce}">
  body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--vscode-panel-border); }
  td:nth-child(n+3), th:nth-child(n+3) { text-align: right; font-variant-numeric: tabular-nums; }
  tr.running td { font-style: italic; }
</style></head>
<body>
<h2>Leverage Record</h2>
<p>${sum.taskCount} stopped tasks · ${escapeHtml(formatHours(sum.humanHours))} by hand · ${escapeHtml(formatMinutes(sum.aiMinutes))} AI · weighted leverage ${escapeHtml(formatFactor(sum.leverage))} · sup. leverage ${escapeHtml(formatFactor(sum.supLeverage))}</p>
<table>
<thead><tr><th>#</th><th>Task</th><th>Human Est.</th><th>AI</th><th>Sup.</th><th>Tokens</th><th>Leverage</th><th>Sup. Leverage</th></tr></thead>
<tbody>${body}</tbody>
</table>
</body></html>`;
}

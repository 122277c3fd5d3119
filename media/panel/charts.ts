import { BarController, BarElement, CategoryScale, Chart, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import type { DayPoint, RowView } from '../../src/shared/protocol';

// Register only what the two charts use, so the bundle carries no unused chart types.
Chart.register(LineController, LineElement, PointElement, BarController, BarElement, CategoryScale, LinearScale, Tooltip);

/** Reads a VS Code theme colour from the webview's CSS variables, so charts follow the theme. */
function themeColor(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

function baseOptions(yTitle: string) {
  const fg = themeColor('--vscode-foreground', '#888');
  const grid = themeColor('--vscode-editorWidget-border', 'rgba(128,128,128,0.3)');
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false as const,
    plugins: { legend: { display: false }, tooltip: { enabled: true } },
    scales: {
      x: { ticks: { color: fg, maxRotation: 0, autoSkip: true }, grid: { color: grid } },
      y: { beginAtZero: true, title: { display: true, text: yTitle, color: fg }, ticks: { color: fg }, grid: { color: grid } },
    },
  };
}

/** The two charts: weighted leverage per day, and leverage per task in the range. */
export class Charts {
  private daily: Chart<'line', (number | null)[], string> | undefined;
  private perTask: Chart<'bar', (number | null)[], string> | undefined;
  private last: { days: readonly DayPoint[]; rows: readonly RowView[] } = { days: [], rows: [] };

  constructor(
    private readonly dailyCanvas: HTMLCanvasElement,
    private readonly taskCanvas: HTMLCanvasElement,
  ) {
    // VS Code swaps the body's theme class (vscode-light / vscode-dark / vscode-high-contrast):
    // rebuild with the new colours.
    new MutationObserver(() => {
      this.destroy();
      this.update(this.last.days, this.last.rows);
    }).observe(document.body, { attributes: true, attributeFilter: ['class'] });
  }

  /** Shows new data; the charts are built once and then updated in place (rebuilding costs ~100 ms). */
  update(days: readonly DayPoint[], rows: readonly RowView[]): void {
    this.last = { days, rows };
    // At most 30 bars: beyond that a bar chart stops being readable (the table has the rest).
    const scored = rows.filter((r) => r.leverage !== null).slice(0, 30);
    const dayLabels = days.map((d) => d.day);
    const dayValues = days.map((d) => d.leverage);
    const taskLabels = scored.map((r) => (r.title.length > 24 ? `${r.title.slice(0, 23)}…` : r.title));
    const taskValues = scored.map((r) => r.leverage);
    if (this.daily && this.perTask) {
      this.daily.data.labels = dayLabels;
      this.daily.data.datasets[0].data = dayValues;
      this.perTask.data.labels = taskLabels;
      this.perTask.data.datasets[0].data = taskValues;
      this.daily.update('none');
      this.perTask.update('none');
      return;
    }
    const line = themeColor('--vscode-charts-blue', '#3794ff');
    const bar = themeColor('--vscode-charts-green', '#89d185');
    this.daily = new Chart(this.dailyCanvas, {
      type: 'line',
      data: { labels: dayLabels, datasets: [{ data: dayValues, borderColor: line, backgroundColor: line, spanGaps: true }] },
      options: baseOptions('weighted leverage (x)'),
    });
    this.perTask = new Chart(this.taskCanvas, {
      type: 'bar',
      data: { labels: taskLabels, datasets: [{ data: taskValues, backgroundColor: bar }] },
      options: baseOptions('leverage (x)'),
    });
  }

  private destroy(): void {
    this.daily?.destroy();
    this.perTask?.destroy();
    this.daily = undefined;
    this.perTask = undefined;
  }
}

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
  private daily: Chart | undefined;
  private perTask: Chart | undefined;

  private last: { days: readonly DayPoint[]; rows: readonly RowView[] } = { days: [], rows: [] };

  constructor(private readonly dailyCanvas: HTMLCanvasElement, private readonly taskCanvas: HTMLCanvasElement) {
    // VS Code swaps the body's theme class (vscode-light / vscode-dark / vscode-high-contrast).
    new MutationObserver(() => this.update(this.last.days, this.last.rows)).observe(document.body, { attributes: true, attributeFilter: ['class'] });
  }

  /** Redraws both charts with new data (and the current theme's colours). */
  update(days: readonly DayPoint[], rows: readonly RowView[]): void {
    this.last = { days, rows };
    const line = themeColor('--vscode-charts-blue', '#3794ff');
    const bar = themeColor('--vscode-charts-green', '#89d185');
    this.daily?.destroy();
    this.perTask?.destroy();
    this.daily = new Chart(this.dailyCanvas, {
      type: 'line',
      data: { labels: days.map((d) => d.day), datasets: [{ data: days.map((d) => d.leverage), borderColor: line, backgroundColor: line, spanGaps: true }] },
      options: baseOptions('weighted leverage (x)'),
    });
    const scored = rows.filter((r) => r.leverage !== null);
    this.perTask = new Chart(this.taskCanvas, {
      type: 'bar',
      data: {
        labels: scored.map((r) => (r.title.length > 24 ? `${r.title.slice(0, 23)}…` : r.title)),
        datasets: [{ data: scored.map((r) => r.leverage), backgroundColor: bar }],
      },
      options: baseOptions('leverage (x)'),
    });
  }
}

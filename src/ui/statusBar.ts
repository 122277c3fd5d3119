import * as vscode from 'vscode';
import type { TaskService } from '../app/taskService';
import type { Clock } from '../domain/clock';
import { addDays, startOfDay } from 'date-fns';
import type { TaskRepository } from '../app/ports';
import { formatFactor, formatMinutes } from '../domain/format';
import { totals } from '../domain/leverage';
import { describeFacts } from './factsText';
import { Repeater } from './repeater';
import type { TaskFacts } from '../domain/measure';
import { isStopped, elapsedMinutes, type Task } from '../domain/task';

const MAX_TITLE_IN_STATUS = 32;

/** The status-bar item: `Start task` when idle, the running task and its elapsed time otherwise. */
export class StatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly refresher: Repeater;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly service: TaskService,
    private readonly tasks: TaskRepository,
    private readonly clock: Clock,
    refreshMs: () => number,
  ) {
    this.item = vscode.window.createStatusBarItem('leverage.status', vscode.StatusBarAlignment.Left, 100);
    this.item.name = 'Leverage Record';
    this.unsubscribe = service.onDidChange.on(() => this.render());
    this.refresher = new Repeater(() => this.render(), refreshMs);
    this.render();
    this.item.show();
  }

  /** The text currently shown; exposed for tests in the real extension host. */
  get text(): string {
    return this.item.text;
  }

  /** Redraws from the current state. */
  render(): void {
    const task = this.service.running();
    if (task) this.showRunning(task);
    else this.showIdle();
  }

  private showIdle(): void {
    // Today's weighted leverage next to Start, once there is one: the number people come for.
    const from = startOfDay(this.clock.now()).getTime();
    const today = totals(this.tasks.list({ from, to: addDays(from, 1).getTime() }).filter(isStopped)).leverage;
    this.item.text = today === undefined ? '$(play) Start task' : `$(play) Start task · ${formatFactor(today)} today`;
    this.item.tooltip = 'Leverage Record: start timing a task';
    this.item.command = 'leverage.startTask';
    this.item.accessibilityInformation = { label: 'Start a Leverage Record task' };
  }

  private showRunning(task: Task): void {
    const elapsed = formatMinutes(elapsedMinutes(task, this.clock.now()));
    const facts = this.service.facts(task);
    this.item.text = `$(record) ${shorten(escapeIcons(task.title))} · ${compactFacts(facts, elapsed)}`;
    const started = new Date(task.startedAt).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
    const tooltip = new vscode.MarkdownString(undefined, false);
    tooltip.appendText(`${task.title}\n\nStarted at ${started} (${elapsed} ago).\n\n${describeFacts(facts)}\n\n`);
    tooltip.appendMarkdown('Click to **stop** it and enter how long it would take by hand.');
    this.item.tooltip = tooltip;
    this.item.command = 'leverage.stopTask';
    this.item.accessibilityInformation = { label: `Task ${task.title} running for ${elapsed}. Activate to stop.` };
  }

  /** Applies a changed refresh period. */
  restartRefresh(): void {
    this.refresher.restart();
  }

  dispose(): void {
    this.refresher.dispose();
    this.unsubscribe();
    this.item.dispose();
  }
}

/** `AI 14m · 2 commits` while agents were measured, the elapsed wall-clock time before that. */
function compactFacts(facts: TaskFacts, elapsed: string): string {
  const parts = [facts.aiMinutes === undefined ? elapsed : `AI ${formatMinutes(facts.aiMinutes)}`];
  if (facts.commits > 0) parts.push(`${facts.commits} commit${facts.commits === 1 ? '' : 's'}`);
  return parts.join(' · ');
}

/** A title like `$(bug)` would otherwise render as an icon. */
function escapeIcons(text: string): string {
  return text.replace(/\$\(/g, '$\u200b(');
}

function shorten(text: string): string {
  return text.length <= MAX_TITLE_IN_STATUS ? text : `${text.slice(0, MAX_TITLE_IN_STATUS - 1)}…`;
}

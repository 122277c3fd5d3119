import * as vscode from 'vscode';
import type { Store } from '../app/ports';
import type { StopAnswers, TaskService } from '../app/taskService';
import type { Clock } from '../domain/clock';
import { parseEstimate } from '../domain/estimate';
import { formatFactor, formatHours, formatMinutes } from '../domain/format';
import { taskLeverage, taskSupLeverage } from '../domain/leverage';
import type { Task } from '../domain/task';
import { pickSessionsToAttach } from './attachSessions';
import { startArgs, stopArgs } from './commandArgs';
import type { PanelHost } from './panel/panelHost';
import type { RecordCommands } from './recordCommands';
import { askStop, askTitle } from './prompts';

/** Everything the commands act on. */
export interface CommandDeps {
  readonly service: TaskService;
  readonly store: Store;
  readonly clock: Clock;
  readonly panel: PanelHost;
  readonly record: RecordCommands;
  readonly log: vscode.LogOutputChannel;
  /** Brings linked commits up to date before the stop prompt shows them. */
  readonly refreshCommits: () => Promise<void>;
  /** Reads new token usage from the agents' logs. */
  readonly scanTokens: () => Promise<unknown>;
  /** Gives a task the tokens its span and folders account for. */
  readonly assignTokens: (task: Task) => Task;
}

/** Registers the Leverage commands; each accepts an optional argument object (keybindings, tests). */
export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('leverage.startTask', (arg?: unknown) => startTask(deps, arg)),
    vscode.commands.registerCommand('leverage.stopTask', (arg?: unknown) => stopTask(deps, arg)),
    vscode.commands.registerCommand('leverage.openPanel', () => deps.panel.show()),
    vscode.commands.registerCommand('leverage.exportCsv', (arg?: unknown) => deps.record.exportCsv(arg)),
    vscode.commands.registerCommand('leverage.exportMarkdown', (arg?: unknown) => deps.record.exportMarkdown(arg)),
    vscode.commands.registerCommand('leverage.importCsv', (arg?: unknown) => deps.record.importCsv(arg)),
    vscode.commands.registerCommand('leverage.attachSessions', () => pickSessionsToAttach(deps.service, deps.store)),
    vscode.commands.registerCommand('leverage.scanTokens', () => deps.scanTokens()),
  ];
}

async function startTask({ service, log }: CommandDeps, arg: unknown): Promise<Task | undefined> {
  const running = service.running();
  if (running) {
    const choice = await vscode.window.showInformationMessage(`"${running.title}" is running. Stop it first?`, 'Stop task');
    if (choice === 'Stop task') await vscode.commands.executeCommand('leverage.stopTask');
    return undefined;
  }
  const title = startArgs(arg).title ?? (await askTitle());
  if (title === undefined) return undefined;
  const result = service.start(title);
  if (!result.ok) {
    void vscode.window.showWarningMessage(result.message);
    return undefined;
  }
  log.info(`Started task ${result.value.id} "${result.value.title}"`);
  return result.value;
}

/** Waits at most `ms` for `work`; a slow git must not hold up the stop prompt. */
function atMost(work: Promise<void>, ms: number): Promise<void> {
  return Promise.race([work.catch(() => undefined), new Promise<void>((r) => setTimeout(r, ms))]);
}

async function stopTask(deps: CommandDeps, arg: unknown): Promise<Task | undefined> {
  const { service, log } = deps;
  const running = service.running();
  if (!running) {
    void vscode.window.showInformationMessage('No task is running. Click "Start task" in the status bar to start one.');
    return undefined;
  }
  await Promise.all([atMost(deps.refreshCommits(), 3_000), atMost(deps.scanTokens().then(() => undefined), 5_000)]);
  const args = stopArgs(arg);
  let answers: StopAnswers | undefined;
  if (args.estimateHours === undefined) {
    answers = await askStop(running, service.facts(running));
  } else {
    const parsed = parseEstimate(String(args.estimateHours));
    if (!parsed.ok) {
      void vscode.window.showErrorMessage(`${parsed.message} The task is still running.`);
      return undefined;
    }
    answers = { humanHours: parsed.hours, aiMinutes: args.aiMinutes, supMinutes: args.supMinutes };
  }
  if (answers === undefined) return undefined; // Escape: the task keeps running, nothing lost.
  const result = await service.stop(answers);
  if (!result.ok) {
    void vscode.window.showWarningMessage(result.message);
    return undefined;
  }
  // Tokens are read from the logs for exactly the task's span, now that it has an end.
  const task = deps.assignTokens(result.value);
  await deps.store.flush();
  log.info(`Stopped task ${task.id}: ${task.humanHours}h, AI ${task.aiMinutes?.toFixed(2)} min (${task.aiSource}), sup. ${task.supMinutes?.toFixed(2)} min (${task.supSource})`);
  void vscode.window.showInformationMessage(stoppedMessage(task));
  return task;
}

function stoppedMessage(task: Task): string {
  const aiNote = task.aiSource === 'wallclock' ? ' (wall clock)' : task.aiSource === 'user' ? ' (corrected)' : task.aiVia ? ` (${task.aiVia})` : '';
  const sup = task.supMinutes === undefined ? '' : ` · sup. ${formatMinutes(task.supMinutes)} → ${formatFactor(taskSupLeverage(task))}`;
  return `"${task.title}": ${formatHours(task.humanHours)} by hand, AI ${formatMinutes(task.aiMinutes)}${aiNote} → ${formatFactor(taskLeverage(task))} leverage${sup}`;
}

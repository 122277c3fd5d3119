import * as vscode from 'vscode';
import type { Store } from '../app/ports';
import type { StopTask } from '../app/stopTask';
import type { StopAnswers, TaskService } from '../app/taskService';
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
  readonly panel: PanelHost;
  readonly record: RecordCommands;
  readonly log: vscode.LogOutputChannel;
  readonly stop: StopTask;
  /** Reads new token usage from the agents' logs. */
  readonly scanTokens: () => Promise<unknown>;
}

/** Registers the Leverage commands; each accepts an optional argument object (keybindings, tests). */
export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('leverage.startTask', (arg?: unknown) => startTask(deps, arg)),
    vscode.commands.registerCommand('leverage.stopTask', (arg?: unknown) => stopTask(deps, arg)),
    vscode.commands.registerCommand('leverage.openPanel', () => deps.panel.show()),
    vscode.commands.registerCommand('leverage.exportCsv', (arg?: unknown) => deps.record.exportCsv(arg)),
    vscode.commands.registerCommand('leverage.exportMarkdown', (arg?: unknown) => deps.record.exportMarkdown(arg, deps.panel.currentRange)),
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

async function stopTask(deps: CommandDeps, arg: unknown): Promise<Task | undefined> {
  const { log } = deps;
  const prompt = await deps.stop.prepare();
  if (!prompt) {
    void vscode.window.showInformationMessage('No task is running. Click "Start task" in the status bar to start one.');
    return undefined;
  }
  const args = stopArgs(arg);
  let answers: StopAnswers | undefined;
  if (args.estimateHours === undefined) {
    answers = await askStop(prompt);
  } else {
    const parsed = parseEstimate(String(args.estimateHours));
    if (!parsed.ok) {
      void vscode.window.showErrorMessage(`${parsed.message} The task is still running.`);
      return undefined;
    }
    answers = { humanHours: parsed.value, aiMinutes: args.aiMinutes, supMinutes: args.supMinutes };
  }
  if (answers === undefined) return undefined; // Escape: the task keeps running, nothing lost.
  const result = await deps.stop.stop(answers, prompt.opinion);
  if (!result.ok) {
    void vscode.window.showWarningMessage(result.message);
    return undefined;
  }
  const task = result.value;
  log.info(
    `Stopped task ${task.id}: ${task.humanHours}h, AI ${task.aiMinutes?.toFixed(2)} min (${task.aiSource}), sup. ${task.supMinutes?.toFixed(2)} min (${task.supSource})`,
  );
  void vscode.window.showInformationMessage(stoppedMessage(task));
  return task;
}

function stoppedMessage(task: Task): string {
  const aiNote =
    task.aiSource === 'wallclock' ? ' (wall clock)' : task.aiSource === 'user' ? ' (corrected)' : task.aiVia ? ` (${task.aiVia})` : '';
  const sup = task.supMinutes === undefined ? '' : ` · sup. ${formatMinutes(task.supMinutes)} → ${formatFactor(taskSupLeverage(task))}`;
  return `"${task.title}": ${formatHours(task.humanHours)} by hand, AI ${formatMinutes(task.aiMinutes)}${aiNote} → ${formatFactor(taskLeverage(task))} leverage${sup}`;
}

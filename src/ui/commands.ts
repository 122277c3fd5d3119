import { format } from 'date-fns';
import * as vscode from 'vscode';
import type { TaskRepository } from '../app/ports';
import type { TaskService } from '../app/taskService';
import type { Clock } from '../domain/clock';
import { parseEstimate } from '../domain/estimate';
import { formatFactor, formatHours, formatMinutes } from '../domain/format';
import { taskLeverage } from '../domain/leverage';
import { elapsedMinutes, type Task } from '../domain/task';
import { tasksToCsv } from '../export/csv';
import { exportUri, startArgs, stopArgs } from './commandArgs';
import type { TablePanel } from './panel/tablePanel';
import { askEstimate, askTitle } from './prompts';

/** Everything the commands act on. */
export interface CommandDeps {
  readonly service: TaskService;
  readonly repo: TaskRepository;
  readonly clock: Clock;
  readonly panel: TablePanel;
  readonly log: vscode.LogOutputChannel;
}

/** Registers the four Leverage commands; each accepts an optional argument object. */
export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('leverage.startTask', (arg?: unknown) => startTask(deps, arg)),
    vscode.commands.registerCommand('leverage.stopTask', (arg?: unknown) => stopTask(deps, arg)),
    vscode.commands.registerCommand('leverage.openPanel', () => deps.panel.show()),
    vscode.commands.registerCommand('leverage.exportCsv', (arg?: unknown) => exportCsv(deps, arg)),
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

async function stopTask({ service, clock, log }: CommandDeps, arg: unknown): Promise<Task | undefined> {
  const running = service.running();
  if (!running) {
    void vscode.window.showInformationMessage('No task is running. Click "Start task" in the status bar to start one.');
    return undefined;
  }
  const given = stopArgs(arg).estimateHours;
  let hours: number | undefined;
  if (given === undefined) {
    hours = await askEstimate(running, elapsedMinutes(running, clock.now()));
  } else {
    const parsed = parseEstimate(String(given));
    if (!parsed.ok) {
      void vscode.window.showErrorMessage(`${parsed.message} The task is still running.`);
      return undefined;
    }
    hours = parsed.hours;
  }
  if (hours === undefined) return undefined; // Escape: the task keeps running, nothing lost.
  const result = await service.stop(hours);
  if (!result.ok) {
    void vscode.window.showWarningMessage(result.message);
    return undefined;
  }
  const task = result.value;
  log.info(`Stopped task ${task.id}: ${task.humanHours}h, ${task.aiMinutes?.toFixed(2)} AI min (${task.aiSource})`);
  void vscode.window.showInformationMessage(
    `"${task.title}": ${formatHours(task.humanHours)} by hand, ${formatMinutes(task.aiMinutes)} AI (wall clock) → ${formatFactor(taskLeverage(task))} leverage`,
  );
  return task;
}

async function exportCsv({ repo, clock, log }: CommandDeps, arg: unknown): Promise<vscode.Uri | undefined> {
  const target = exportUri(arg) ?? (await askCsvTarget(clock));
  if (!target) return undefined;
  const tasks = repo.list();
  try {
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(tasksToCsv(tasks)));
  } catch (err) {
    void vscode.window.showErrorMessage(`Could not write ${target.fsPath}: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
  log.info(`Exported ${tasks.length} tasks to ${target.toString()}`);
  void vscode.window.showInformationMessage(`Exported ${tasks.length} task${tasks.length === 1 ? '' : 's'} to ${target.fsPath}`);
  return target;
}

function askCsvTarget(clock: Clock): Thenable<vscode.Uri | undefined> {
  const name = `leverage-${format(clock.now(), 'yyyy-MM-dd')}.csv`;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  return vscode.window.showSaveDialog({
    title: 'Export Leverage Record to CSV',
    defaultUri: folder ? vscode.Uri.joinPath(folder, name) : vscode.Uri.file(name),
    filters: { 'CSV files': ['csv'] },
    saveLabel: 'Export',
  });
}

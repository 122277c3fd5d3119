import * as vscode from 'vscode';
import type { Store } from '../app/ports';
import type { TaskService } from '../app/taskService';
import { formatMinutes } from '../domain/format';
import { coveredMs } from '../domain/intervals';

function time(ms: number): string {
  return new Date(ms).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** `leverage.attachSessions`: pick agent sessions that ran without a task, then the task they belong to. */
export async function pickSessionsToAttach(service: TaskService, store: Store): Promise<number> {
  const sessions = store.unattributedSessions();
  if (sessions.length === 0) {
    void vscode.window.showInformationMessage('Every agent session already belongs to a task.');
    return 0;
  }
  const picked = await vscode.window.showQuickPick(
    sessions.map((s) => ({
      label: s.agent,
      description: `${time(s.startedAt)}${s.endedAt ? ` – ${time(s.endedAt)}` : ' (running)'}`,
      detail:
        s.measuredBy === 'shell-integration'
          ? `active ${formatMinutes(coveredMs(s.active) / 60_000)}`
          : 'terminal without shell integration: active time not measured',
      id: s.id,
    })),
    { title: 'Attach agent sessions to a task', canPickMany: true, placeHolder: 'Sessions that ran while no task was running' },
  );
  if (!picked?.length) return 0;
  const tasks = store.list().reverse().slice(0, 100);
  if (tasks.length === 0) {
    void vscode.window.showInformationMessage('There is no task to attach them to yet. Start one first.');
    return 0;
  }
  const task = await vscode.window.showQuickPick(
    tasks.map((t) => ({ label: t.title, description: time(t.startedAt), id: t.id })),
    { title: `Attach ${picked.length} session(s) to…` },
  );
  if (!task) return 0;
  const result = service.attachSessions(
    picked.map((p) => p.id),
    task.id,
  );
  if (!result.ok) {
    void vscode.window.showWarningMessage(result.message);
    return 0;
  }
  return picked.length;
}

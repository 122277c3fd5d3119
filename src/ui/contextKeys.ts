import * as vscode from 'vscode';
import type { AgentSessions } from '../app/agentSessions';
import type { TaskService } from '../app/taskService';

/**
 * Keeps the context keys the manifest's `when` clauses read: `leverage.taskRunning` (Start or Stop
 * in the palette and on the keybinding) and `leverage.agentSeen` (completes the walkthrough's
 * agent step once an agent session is seen).
 */
export class ContextKeys implements vscode.Disposable {
  private readonly unsubscribe: (() => void)[];
  private running: boolean | undefined;
  private agentSeen = false;

  constructor(private readonly service: TaskService, sessions: AgentSessions) {
    this.unsubscribe = [service.onDidChange.on(() => this.update()), sessions.onDidChange.on(() => this.sawAgent())];
    this.update();
  }

  private update(): void {
    const running = this.service.running() !== undefined;
    if (running === this.running) return;
    this.running = running;
    void vscode.commands.executeCommand('setContext', 'leverage.taskRunning', running);
  }

  private sawAgent(): void {
    if (this.agentSeen) return;
    this.agentSeen = true;
    void vscode.commands.executeCommand('setContext', 'leverage.agentSeen', true);
  }

  dispose(): void {
    for (const off of this.unsubscribe) off();
  }
}

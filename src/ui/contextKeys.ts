import * as vscode from 'vscode';
import type { TaskService } from '../app/taskService';

/** Something that says when it happens (an Emitter of any value). */
interface Signal {
  on(listener: () => void): () => void;
}

/**
 * Keeps the context keys the manifest's `when` clauses read: `leverage.taskRunning` (Start or Stop
 * in the palette and on the keybinding) and `leverage.agentSeen` (completes the walkthrough's
 * agent step once an agent session is seen).
 */
export class ContextKeys implements vscode.Disposable {
  private readonly unsubscribe: (() => void)[];
  private running: boolean | undefined;
  private agentSeen = false;

  /** `agentSignals` fire when an agent is seen: a terminal agent starting, a session from the agents' records. */
  constructor(
    private readonly service: TaskService,
    agentSignals: readonly Signal[],
  ) {
    this.unsubscribe = [service.onDidChange.on(() => this.update()), ...agentSignals.map((signal) => signal.on(() => this.sawAgent()))];
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

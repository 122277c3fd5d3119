import * as vscode from 'vscode';
import type { Emitter } from '../app/events';
import type { TaskService } from '../app/taskService';
import type { AgentSession } from '../domain/session';
import { askTitle } from './prompts';

const NEVER_KEY = 'leverage.neverPromptForAgents';

/** Capitalised agent name for messages: `claude` → `Claude`. */
function display(agent: string): string {
  return agent.charAt(0).toUpperCase() + agent.slice(1);
}

/**
 * When an agent starts and no task runs: "Claude started — time it as a task?" with Start /
 * Not now / Never for this workspace. The session is kept either way, to attach later.
 */
export class AgentPrompt implements vscode.Disposable {
  private readonly unsubscribe: (() => void)[];
  private open = false;
  private snoozed = false;

  constructor(
    /** Where agents starting without a task are reported: terminals and the agents' own records. */
    starts: readonly Emitter<AgentSession>[],
    private readonly service: TaskService,
    private readonly workspaceState: vscode.Memento,
    private readonly enabled: () => boolean,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.unsubscribe = starts.map((start) => start.on((session) => void this.ask(session)));
  }

  private async ask(session: AgentSession): Promise<void> {
    if (!this.enabled() || this.workspaceState.get<boolean>(NEVER_KEY) || this.snoozed || this.open) {
      this.log.info(
        `Agent "${session.agent}" started without a task; not asking (setting, "Never", "Not now" or a prompt already open). Attach it later with "Leverage: Attach Agent Sessions".`,
      );
      return;
    }
    this.open = true;
    try {
      const choice = await vscode.window.showInformationMessage(
        `${display(session.agent)} started — time it as a task?`,
        'Start',
        'Not now',
        'Never for this workspace',
      );
      if (choice === 'Never for this workspace') {
        await this.workspaceState.update(NEVER_KEY, true);
      } else if (choice === 'Not now') {
        this.snoozed = true; // until the window reloads
      } else if (choice === 'Start') {
        const title = await askTitle(`${display(session.agent)} session`);
        if (title === undefined) return;
        const result = this.service.start(title, session.startedAt);
        if (!result.ok) void vscode.window.showWarningMessage(result.message);
      }
    } finally {
      this.open = false;
    }
  }

  dispose(): void {
    for (const off of this.unsubscribe) off();
  }
}

import * as vscode from 'vscode';
import type { AgentSessions, SessionHandle } from '../app/agentSessions';
import type { Supervision } from '../app/supervision';
import { matchAgent } from '../domain/agentCommand';

/**
 * Turns terminal shell-integration events into agent sessions. Output is only timed, never kept:
 * each chunk calls `handle.output()` and is dropped.
 */
export class TerminalWatcher implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly executions = new Map<vscode.TerminalShellExecution, { handle: SessionHandle; terminal: vscode.Terminal }>();
  private readonly lifetimeSessions = new Map<vscode.Terminal, SessionHandle>();
  private readonly agentTerminals = new Set<vscode.Terminal>();
  /** Pending shell-integration waits; cleared on dispose so none opens a session after the store closed. */
  private readonly waits = new Set<ReturnType<typeof setTimeout>>();

  constructor(
    private readonly sessions: Pick<AgentSessions, 'started'>,
    private readonly supervision: Pick<Supervision, 'activity'>,
    private readonly agents: () => readonly string[],
    private readonly log: vscode.LogOutputChannel,
    /** How long a new terminal may take to get shell integration before its name is relied on. */
    private readonly shellIntegrationWaitMs: () => number,
  ) {
    this.disposables.push(
      vscode.window.onDidStartTerminalShellExecution((e) => this.started(e)),
      vscode.window.onDidEndTerminalShellExecution((e) => this.ended(e)),
      vscode.window.onDidOpenTerminal((t) => this.opened(t)),
      vscode.window.onDidCloseTerminal((t) => this.closed(t)),
      vscode.window.onDidChangeActiveTerminal((t) => t && this.agentTerminals.has(t) && this.supervision.activity('terminal-focus')),
    );
  }

  private started(e: vscode.TerminalShellExecutionStartEvent): void {
    const commandLine = e.execution.commandLine.value;
    const agent = matchAgent(commandLine, this.agents());
    this.supervision.activity('terminal-command');
    const program = commandLine.trim().split(/\s+/)[0] ?? '';
    if (!agent) {
      this.log.trace(`Terminal "${e.terminal.name}": "${program}" is not an agent`);
      return;
    }
    // read() yields only output written after its first call: call it now, inside the handler.
    const stream = e.execution.read();
    const handle = this.sessions.started(agent, 'shell-integration');
    this.executions.set(e.execution, { handle, terminal: e.terminal });
    this.agentTerminals.add(e.terminal);
    this.log.info(
      `Agent "${agent}" started in terminal "${e.terminal.name}" (command "${program}", confidence ${e.execution.commandLine.confidence}); session ${handle.id}`,
    );
    void this.drain(stream, handle);
  }

  private async drain(stream: AsyncIterable<string>, handle: SessionHandle): Promise<void> {
    try {
      for await (const _chunk of stream) handle.output();
    } catch (err) {
      this.log.warn(`Reading agent output failed: ${String(err)}`);
    }
  }

  private ended(e: vscode.TerminalShellExecutionEndEvent): void {
    const entry = this.executions.get(e.execution);
    if (!entry) return;
    this.executions.delete(e.execution);
    this.agentTerminals.delete(entry.terminal);
    entry.handle.end(e.exitCode);
    this.log.info(`Agent session ${entry.handle.id} ended (exit code ${e.exitCode ?? 'unknown'})`);
  }

  /** Terminals without shell integration: an agent-named terminal is timed from open to close. */
  private opened(terminal: vscode.Terminal): void {
    const agent = matchAgent(terminal.name, this.agents());
    if (!agent) return;
    const wait = setTimeout(() => {
      this.waits.delete(wait);
      if (terminal.shellIntegration || terminal.exitStatus || this.lifetimeSessions.has(terminal)) return;
      this.lifetimeSessions.set(terminal, this.sessions.started(agent, 'terminal-lifetime'));
      this.agentTerminals.add(terminal);
      this.log.info(
        `Terminal "${terminal.name}" has no shell integration: recording its lifetime as a "${agent}" session (its active time cannot be measured)`,
      );
    }, this.shellIntegrationWaitMs());
    this.waits.add(wait);
  }

  private closed(terminal: vscode.Terminal): void {
    this.agentTerminals.delete(terminal);
    const lifetime = this.lifetimeSessions.get(terminal);
    if (lifetime) {
      this.lifetimeSessions.delete(terminal);
      lifetime.end(terminal.exitStatus?.code);
    }
    // A terminal closed while its agent ran gives no end event for the execution.
    for (const [execution, entry] of this.executions) {
      if (entry.terminal !== terminal) continue;
      this.executions.delete(execution);
      entry.handle.end(undefined);
    }
  }

  dispose(): void {
    for (const wait of this.waits) clearTimeout(wait);
    this.waits.clear();
    for (const d of this.disposables) d.dispose();
  }
}

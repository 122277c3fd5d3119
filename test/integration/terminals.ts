import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { eventually } from './harness';

/**
 * A fake agent CLI: prints a line every 200 ms for N1 ticks, stays silent S seconds, prints N2
 * ticks, exits. Installed under the names of real agents in a temp dir put first on PATH.
 */
const FAKE_AGENT = `#!/usr/bin/env bash
n1=\${1:-10}; silence=\${2:-0}; n2=\${3:-0}
for ((i = 0; i < n1; i++)); do echo "working $i"; sleep 0.2; done
sleep "$silence"
for ((i = 0; i < n2; i++)); do echo "working again $i"; sleep 0.2; done
exit 0
`;

/** A folder holding fake `claude` and `codex` executables. */
export function fakeAgentBin(): string {
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'leverage-fake-agents-'));
  for (const name of ['claude', 'codex']) {
    fs.writeFileSync(path.join(bin, name), FAKE_AGENT, { mode: 0o755 });
  }
  return bin;
}

/** Opens a bash terminal with `bin` first on PATH and waits for shell integration. */
export async function shellTerminal(name: string, bin: string, cwd?: string): Promise<vscode.Terminal> {
  const terminal = vscode.window.createTerminal({ name, shellPath: '/bin/bash', cwd, env: { PATH: `${bin}:${process.env.PATH ?? ''}` } });
  await eventually(() => terminal.shellIntegration, `shell integration in terminal "${name}"`, 20_000);
  return terminal;
}

/** Types a command into the terminal like a person would and resolves when it has finished. */
export function runInTerminal(terminal: vscode.Terminal, command: string, timeoutMs = 30_000): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`"${command}" did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    const sub = vscode.window.onDidEndTerminalShellExecution((e) => {
      if (e.terminal !== terminal || e.execution.commandLine.value.trim() !== command) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(e.exitCode);
    });
    terminal.sendText(command);
  });
}

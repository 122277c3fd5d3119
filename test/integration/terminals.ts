import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { eventually } from './harness';

/**
 * A fake agent CLI: prints a line every 200 ms for N1 ticks, stays silent S seconds, prints N2
 * ticks, exits. Installed under the names of real agents in a temp dir put first on PATH. It notes
 * when each burst's first and last line went out in `<itself>.times`, so tests compare the measured
 * active time with what was really printed, however busy the machine is.
 */
const FAKE_AGENT = `#!/usr/bin/env bash
times="$0.times"; : > "$times"
burst() {
  for ((i = 0; i < $1; i++)); do
    echo "$2 $i"
    if ((i == 0)); then date +%s.%N >> "$times"; fi
    if ((i == $1 - 1)); then date +%s.%N >> "$times"; fi
    sleep 0.2
  done
}
burst \${1:-10} working
sleep "\${2:-0}"
burst \${3:-0} "working again"
exit 0
`;

/** Seconds the fake agent `name` in `bin` spent printing in its last run (sum over its bursts). */
export function printedSeconds(bin: string, name: string): number {
  const stamps = fs
    .readFileSync(path.join(bin, `${name}.times`), 'utf8')
    .trim()
    .split('\n')
    .map(Number);
  let total = 0;
  for (let i = 0; i + 1 < stamps.length; i += 2) total += stamps[i + 1] - stamps[i];
  return total;
}

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

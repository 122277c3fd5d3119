import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LeverageApi } from '../../src/testHooks';
import type { Task } from '../../src/domain/task';
import { eventually } from './harness';

/** Appends one record line to a log now, and returns the instant it carries. */
export function writeRecord(file: string, record: Record<string, unknown>): number {
  const now = Date.now();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.appendFileSync(file, `${JSON.stringify({ ...record, timestamp: new Date(now).toISOString() })}\n`);
  return now;
}

/** A fresh log root set in the workspace's `leverage.tokens.<setting>` (claudeRoots, codexRoots); `restore` unsets it. */
export async function logRoot(setting: 'claudeRoots' | 'codexRoots'): Promise<{ root: string; restore: () => Promise<void> }> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `leverage-${setting}-`));
  const config = vscode.workspace.getConfiguration('leverage');
  await config.update(`tokens.${setting}`, [root], vscode.ConfigurationTarget.Workspace);
  return { root, restore: () => Promise.resolve(config.update(`tokens.${setting}`, undefined, vscode.ConfigurationTarget.Workspace)) };
}

/** Where Claude Code keeps the transcript `session` of the workspace's first folder under `root`. */
export function claudeTranscript(root: string, session: string): string {
  const ws = vscode.workspace.workspaceFolders![0].uri.fsPath;
  return path.join(root, 'projects', ws.replace(/[^a-zA-Z0-9]/g, '-'), `${session}.jsonl`);
}

/** Answers "<Agent> started — time it as a task?" with Start and accepts the offered title; resolves with the task. */
export function acceptAgentPrompt(api: LeverageApi, what: string): Promise<Task> {
  return eventually(
    async () => {
      await vscode.commands.executeCommand('notification.acceptPrimaryAction');
      await new Promise((r) => setTimeout(r, 300));
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return api.running();
    },
    what,
    20_000,
  );
}

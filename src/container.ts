import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { TaskService } from './app/taskService';
import type { Clock } from './domain/clock';
import type { Task } from './domain/task';
import { loadSqlJs } from './storage/sqlJs';
import { SqliteTaskStore } from './storage/sqliteStore';
import { registerCommands } from './ui/commands';
import { TablePanel } from './ui/panel/tablePanel';
import { StatusBar } from './ui/statusBar';

/** How often another window's saves are looked for (a stat call, so cheap). */
const RELOAD_CHECK_MS = 5_000;

/** What the extension exports; tests in the real extension host read state through it. */
export interface LeverageApi {
  readonly databaseFile: string;
  readonly activationMs: number;
  running(): Task | undefined;
  statusBarText(): string;
  /** Writes pending changes to disk now. */
  flush(): Promise<void>;
}

/** The wired extension: its API and the final save to await on deactivation. */
export interface Container {
  readonly api: LeverageApi;
  shutdown(): Promise<void>;
}

const systemClock: Clock = { now: () => Date.now() };

/** The key that ties a task to the window's workspace. */
function workspaceKey(): string {
  return (vscode.workspace.workspaceFile ?? vscode.workspace.workspaceFolders?.[0]?.uri)?.toString() ?? '';
}

/** Creates and wires every service; the one place concrete classes meet. */
export async function createContainer(context: vscode.ExtensionContext, startedAt: number): Promise<Container> {
  const log = vscode.window.createOutputChannel('Leverage Record', { log: true });
  context.subscriptions.push(log);

  const databaseFile = path.join(context.globalStorageUri.fsPath, 'leverage.sqlite');
  const sql = await loadSqlJs(path.join(context.extensionPath, 'dist'));
  const { store, notice } = await SqliteTaskStore.open(sql, {
    file: databaseFile,
    onError: (err) => {
      log.error(`Saving ${databaseFile} failed`, err);
      void vscode.window.showErrorMessage(`Leverage Record could not save: ${err instanceof Error ? err.message : String(err)}. Your changes are kept in memory and saved again on the next change.`);
    },
  });
  if (notice) {
    log.warn(notice.message);
    const show = notice.level === 'error' ? vscode.window.showErrorMessage : vscode.window.showWarningMessage;
    void show(notice.message);
  }
  log.info(`Database: ${databaseFile}`);

  const service = new TaskService(store, systemClock, { newId: randomUUID }, workspaceKey());
  const config = vscode.workspace.getConfiguration('leverage');
  const statusBar = new StatusBar(service, systemClock, config.get<number>('statusBar.refreshSeconds', 60));
  const panel = new TablePanel(store, service);

  const reload = (): void => {
    store.reloadIfChanged().then(
      (changed) => changed && service.externalChange(),
      (err: unknown) => log.warn(`Reloading ${databaseFile} failed: ${String(err)}`),
    );
  };
  const reloadTimer = setInterval(reload, RELOAD_CHECK_MS);

  context.subscriptions.push(
    statusBar,
    panel,
    ...registerCommands({ service, repo: store, clock: systemClock, panel, log }),
    vscode.window.onDidChangeWindowState((state) => state.focused && reload()),
    { dispose: () => clearInterval(reloadTimer) },
  );

  const activationMs = performance.now() - startedAt;
  log.info(`Activated in ${activationMs.toFixed(1)} ms`);
  const api: LeverageApi = {
    databaseFile,
    activationMs,
    running: () => service.running(),
    statusBarText: () => statusBar.text,
    flush: () => store.flush(),
  };
  const shutdown = async (): Promise<void> => {
    // Stop everything that reads the store before its database is closed.
    clearInterval(reloadTimer);
    statusBar.dispose();
    panel.dispose();
    await store.close();
  };
  return { api, shutdown };
}

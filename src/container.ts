import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { AgentSessions } from './app/agentSessions';
import { RecordSessions } from './app/recordSessions';
import { Supervision } from './app/supervision';
import type { WeekStart } from './app/ranges';
import { TaskEditor } from './app/taskEditor';
import { TaskService } from './app/taskService';
import { TokenService } from './app/tokenService';
import { ScanThread } from './logs/scanThread';
import { TokenScanner } from './logs/tokenScanner';
import { DEFAULT_AGENTS } from './domain/agentCommand';
import type { Clock } from './domain/clock';
import type { TaskFacts } from './domain/measure';
import type { Task } from './domain/task';
import type { HostMessage } from './shared/protocol';
import { loadSqlJs } from './storage/sqlJs';
import { SqliteTaskStore } from './storage/sqliteStore';
import { AgentPrompt } from './ui/agentPrompt';
import { registerCommands } from './ui/commands';
import { PANEL_VIEW_TYPE, PanelHost } from './ui/panel/panelHost';
import { RecordCommands } from './ui/recordCommands';
import { StatusBar } from './ui/statusBar';
import { ActivityWatcher } from './watchers/activityWatcher';
import { GitWatcher } from './watchers/gitWatcher';
import { TerminalWatcher } from './watchers/terminalWatcher';

/** How often another window's saves are looked for (a stat call, so cheap). */
const RELOAD_CHECK_MS = 5_000;
/** How often a running task's measurements are saved, bounding what a crash can lose. */
const CHECKPOINT_MS = 30_000;
/** How often the workspace's own agent record folders are looked at (a few stats when nothing changed). */
const LIVE_SCAN_MS = 3_000;
/** Changes to sessions read from records within this long are shown in one redraw. */
const RECORDS_REDRAW_MS = 250;

/** What the extension exports; tests in the real extension host read state through it. */
export interface LeverageApi {
  readonly databaseFile: string;
  readonly activationMs: number;
  running(): Task | undefined;
  /** What has been measured for the running task so far. */
  runningFacts(): TaskFacts | undefined;
  statusBarText(): string;
  /** Resolves when the panel's webview has loaded and asked for its data. */
  panelReady(): Promise<void>;
  /** Scans the agents' logs now and attributes new usage to tasks. */
  scanTokens(): Promise<unknown>;
  /** Sends a message to the panel host as its webview would, and returns the reply. */
  panelMessage(message: unknown): Promise<HostMessage | undefined>;
  /** Writes pending changes (and the running task's measurements) to disk now. */
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

function setting<T>(key: string, fallback: T): T {
  return vscode.workspace.getConfiguration('leverage').get<T>(key, fallback);
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

  const workspace = workspaceKey();
  const ids = { newId: randomUUID };
  const sessions = new AgentSessions(store, systemClock, ids, workspace, () => setting('idleThresholdSeconds', 30) * 1000);
  const supervision = new Supervision(store, systemClock, () => setting('supervisoryIdleSeconds', 60) * 1000);
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  const records = new RecordSessions(store, systemClock, { key: workspace, folders });
  const service = new TaskService(store, systemClock, ids, workspace, sessions, supervision, records);
  // A scan changes record sessions file by file (thousands on a first scan): redraw once per burst.
  let recordsRedraw: ReturnType<typeof setTimeout> | undefined;
  records.onDidChange.on(() => {
    recordsRedraw ??= setTimeout(() => {
      recordsRedraw = undefined;
      service.externalChange();
    }, RECORDS_REDRAW_MS);
  });
  const statusBar = new StatusBar(service, store, systemClock, setting('statusBar.refreshSeconds', 60));
  const editor = new TaskEditor(store, systemClock, service);
  const tokens = new TokenService(store, systemClock, service, { key: workspace, folders });
  const scanThread = new ScanThread();
  const scanner = new TokenScanner(
    store,
    tokens,
    () => ({ claude: setting<string[]>('tokens.claudeRoots', []), codex: setting<string[]>('tokens.codexRoots', []) }),
    (m) => log.info(m),
    (turns, file) => records.ingest(turns, path.basename(file, '.jsonl')),
    scanThread.scan,
    () => (scanThread.inWorker ? ' (worker thread)' : ''),
  );
  const scanTokens = (): Promise<unknown> => scanner.scan().catch((err: unknown) => log.warn(`Token scan failed: ${String(err)}`));
  const weekStartsOn = (): WeekStart => (Math.min(6, Math.max(0, Math.trunc(setting('weekStartsOn', 1)))) as WeekStart);
  let panel: PanelHost | undefined;
  const recordDeps = { store, service, editor, clock: systemClock, weekStartsOn };
  const record = new RecordCommands(recordDeps, () => panel?.currentRange ?? { kind: 'today' }, log);
  panel = new PanelHost(context.extensionUri, recordDeps, () => setting('tokens.showCostEstimate', false), {
    exportMarkdown: (range) => record.exportMarkdown(range.kind === 'custom' ? { from: range.from, to: range.to } : undefined),
    exportCsv: () => record.exportCsv(),
    importCsv: () => record.importCsv(),
  });
  const git = new GitWatcher(service, log);
  const terminals = new TerminalWatcher(sessions, supervision, () => setting<string[]>('agents', [...DEFAULT_AGENTS]), log);
  const activity = new ActivityWatcher(supervision);
  const agentPrompt = new AgentPrompt([sessions.onUnattributedStart, records.onUnattributedStart], service, context.workspaceState, () => setting('promptWhenAgentStartsWithoutTask', true), log);
  void git.start().catch((err: unknown) => log.warn(`Git: could not connect: ${String(err)}`));

  const reload = (): void => {
    store.reloadIfChanged().then(
      (changed) => changed && service.externalChange(),
      (err: unknown) => log.warn(`Reloading ${databaseFile} failed: ${String(err)}`),
    );
  };
  const timers = [
    setInterval(reload, RELOAD_CHECK_MS),
    setInterval(() => service.checkpoint(), CHECKPOINT_MS),
    setInterval(() => void scanTokens(), Math.max(1, setting('tokens.scanIntervalMinutes', 5)) * 60_000),
    setInterval(() => folders.length > 0 && void scanner.scanLive(folders).catch((err: unknown) => log.warn(`Live scan failed: ${String(err)}`)), LIVE_SCAN_MS),
  ];
  // Deferred start-up work: the task index the panel reads, and the first log scan (it can read
  // a lot on a new machine).
  const warmUp = setTimeout(() => store.warm(), 3_000);
  const firstScan = setTimeout(() => void scanTokens(), 15_000);

  context.subscriptions.push(
    statusBar,
    panel,
    git,
    terminals,
    activity,
    agentPrompt,
    ...registerCommands({ service, store, clock: systemClock, panel, record, log, refreshCommits: () => git.rescanAll(), scanTokens, assignTokens: (task) => tokens.assign(task) }),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (webviewPanel, state) => panel?.restore(webviewPanel, state),
    }),
    vscode.window.onDidChangeWindowState((state) => state.focused && reload()),
  );

  const activationMs = performance.now() - startedAt;
  log.info(`Activated in ${activationMs.toFixed(1)} ms`);
  const api: LeverageApi = {
    databaseFile,
    activationMs,
    running: () => service.running(),
    runningFacts: () => {
      const task = service.running();
      return task && service.facts(task);
    },
    statusBarText: () => statusBar.text,
    panelReady: () => panel?.whenReady() ?? Promise.resolve(),
    scanTokens: () => scanner.scan(),
    panelMessage: (message) => panel?.respond(message) ?? Promise.resolve(undefined),
    flush: () => {
      service.checkpoint();
      return store.flush();
    },
  };
  const shutdown = async (): Promise<void> => {
    // Stop everything that reads the store before its database is closed; keep what was measured.
    for (const timer of timers) clearInterval(timer);
    clearTimeout(warmUp);
    clearTimeout(firstScan);
    clearTimeout(recordsRedraw);
    for (const d of [terminals, activity, git, agentPrompt, statusBar, panel, scanThread]) d.dispose();
    service.checkpoint();
    await store.close();
  };
  return { api, shutdown };
}

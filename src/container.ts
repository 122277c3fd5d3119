import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { AgentSessions } from './app/agentSessions';
import { RecordSessions } from './app/recordSessions';
import { SecondOpinions } from './app/secondOpinions';
import { RecordSync } from './app/recordSync';
import { SyncLoop } from './app/syncLoop';
import { Supervision } from './app/supervision';
import { TaskEditor } from './app/taskEditor';
import { StopTask } from './app/stopTask';
import { TaskService } from './app/taskService';
import { TokenService } from './app/tokenService';
import { ScanThread } from './logs/scanThread';
import { TokenScanner } from './logs/tokenScanner';
import type { Clock } from './domain/clock';
import { loadSqlJs } from './storage/sqlJs';
import { loadMachine } from './storage/machineIdentity';
import { SyncFolder } from './storage/syncFolder';
import { describe } from './storage/loadDatabase';
import type { StoreNotice } from './storage/openRecord';
import { SqliteTaskStore } from './storage/sqliteStore';
import { openUsageFile, usageFileOf } from './storage/usageFile';
import { TEST_HOOKS_ENV, testHooks, type LeverageApi } from './testHooks';
import { AgentPrompt } from './ui/agentPrompt';
import { registerCommands } from './ui/commands';
import { shownStopPrompt } from './ui/prompts';
import { config } from './ui/config';
import { ContextKeys } from './ui/contextKeys';
import { Repeater } from './ui/repeater';
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
/**
 * Token usage is saved at most this often: a first scan stores its responses in many batches, and
 * each save exports the whole file. Losing unsaved usage is harmless: the scanner's progress is in
 * the same file, so the next scan reads those lines again.
 */
const USAGE_SAVE_DELAY_MS = 30_000;
/** How often the workspace's own agent record folders are looked at (a few stats when nothing changed). */
const LIVE_SCAN_MS = 3_000;
/** Changes to sessions read from records within this long are shown in one redraw. */
const RECORDS_REDRAW_MS = 250;

/** The wired extension: its test hooks (under the test launchers only) and the final save to await on deactivation. */
export interface Container {
  readonly api: LeverageApi | undefined;
  shutdown(): Promise<void>;
}

const systemClock: Clock = { now: () => Date.now() };

/** The key that ties a task to the window's workspace. */
function workspaceKey(): string {
  return (vscode.workspace.workspaceFile ?? vscode.workspace.workspaceFolders?.[0]?.uri)?.toString() ?? '';
}

/** The timers that keep the record current: other windows' saves, checkpoints, token scans, warm-up. */
function startBackgroundWork(
  [store, usage]: readonly [SqliteTaskStore, SqliteTaskStore],
  service: TaskService,
  scanTokens: () => Promise<unknown>,
  liveScan: () => void,
  warn: (message: string) => void,
) {
  const reload = (): void => {
    store.reloadIfChanged().then(
      (changed) => changed && service.externalChange(),
      (err: unknown) => warn(`Reloading the database failed: ${describe(err)}`),
    );
    usage.reloadIfChanged().catch((err: unknown) => warn(`Reloading the token usage file failed: ${describe(err)}`));
  };
  const timers = [
    setInterval(reload, RELOAD_CHECK_MS),
    setInterval(() => service.checkpoint(), CHECKPOINT_MS),
    setInterval(liveScan, LIVE_SCAN_MS),
  ];
  const tokenScans = new Repeater(() => void scanTokens(), config.tokenScanIntervalMs);
  // Deferred start-up work: the task index the panel reads, and the first log scan (it can read
  // a lot on a new machine).
  const deferred = [setTimeout(() => store.warm(), 3_000), setTimeout(() => void scanTokens(), 15_000)];
  return {
    reload,
    tokenScans,
    dispose: (): void => {
      for (const timer of timers) clearInterval(timer);
      for (const timer of deferred) clearTimeout(timer);
      tokenScans.dispose();
    },
  };
}

/**
 * Opens the record's database in the extension's global storage, and beside it the token-usage
 * file (saved after log scans, so the record stays small), telling the user what they must know.
 */
async function openStores(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
): Promise<{ store: SqliteTaskStore; usage: SqliteTaskStore; databaseFile: string; usageMoved: Promise<unknown> }> {
  const databaseFile = path.join(context.globalStorageUri.fsPath, 'leverage.sqlite');
  const usageFile = usageFileOf(databaseFile);
  const sql = await loadSqlJs(path.join(context.extensionPath, 'dist'));
  const tell = (notice: StoreNotice): void => {
    if (notice.level === 'info') {
      log.info(notice.message);
      void vscode.window.showInformationMessage(notice.message);
      return;
    }
    log.warn(notice.message);
    const show = notice.level === 'error' ? vscode.window.showErrorMessage : vscode.window.showWarningMessage;
    void show(notice.message);
  };
  const savingFailed =
    (file: string) =>
    (err: unknown): void => {
      log.error(`Saving ${file} failed`, err);
      void vscode.window.showErrorMessage(
        `Leverage Record could not save ${file}: ${describe(err)}. Your changes are kept in memory and saved as soon as writing works again (you will be told).`,
      );
    };
  // Never throws: whatever is at the path, the window opens with a working (at worst in-memory) record.
  const { store, notice } = await SqliteTaskStore.open(sql, { file: databaseFile, onError: savingFailed(databaseFile), onNotice: tell });
  if (notice) tell(notice);
  const {
    store: usage,
    notice: usageNotice,
    moved,
  } = await openUsageFile(sql, store, {
    file: usageFile,
    saveDelayMs: USAGE_SAVE_DELAY_MS,
    onError: savingFailed(usageFile),
    onNotice: tell,
  });
  if (usageNotice) tell(usageNotice);
  log.info(`Database: ${databaseFile}; token usage: ${usageFile}`);
  const moveStarted = Date.now();
  // An old record's usage moves on after activation (seconds for a heavy year); scans wait for it.
  const usageMoved = moved.then(
    (count) => {
      if (count > 0) log.info(`Moved ${count} token usage rows from the record to ${usageFile} in ${Date.now() - moveStarted} ms`);
    },
    (err: unknown) => log.warn(`Moving token usage to ${usageFile} failed (the next window tries again): ${describe(err)}`),
  );
  return { store, usage, databaseFile, usageMoved };
}

/** Creates and wires every service; the one place concrete classes meet. */
export async function createContainer(context: vscode.ExtensionContext, startedAt: number): Promise<Container> {
  const log = vscode.window.createOutputChannel('Leverage Record', { log: true });
  context.subscriptions.push(log);

  // Independent files: opened side by side, so activation waits for the slower one only.
  const [{ store, usage, databaseFile, usageMoved }, { machine, problem: machineProblem }] = await Promise.all([
    openStores(context, log),
    loadMachine(context.globalStorageUri.fsPath),
  ]);
  if (machineProblem) log.warn(`Sync: ${machineProblem}`);

  const workspace = workspaceKey();
  const ids = { newId: randomUUID };
  const sessions = new AgentSessions(store, systemClock, ids, workspace, config.idleThresholdMs);
  const supervision = new Supervision(store, systemClock, config.supervisoryIdleMs);
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
  const statusBar = new StatusBar(service, store, systemClock, config.statusBarRefreshMs);
  const editor = new TaskEditor(store, systemClock, service);
  const tokens = new TokenService(store, usage, systemClock, service, { key: workspace, folders });
  const scanThread = new ScanThread();
  const scanner = new TokenScanner(
    usage,
    tokens,
    config.logRoots,
    (m) => log.info(m),
    (turns, file) => records.ingest(turns, path.basename(file, '.jsonl')),
    scanThread.scan,
    () => (scanThread.inWorker ? ' (worker thread)' : ''),
    usageMoved,
  );
  const scanTokens = (): Promise<unknown> => scanner.scan().catch((err: unknown) => log.warn(`Token scan failed: ${describe(err)}`));
  const recordDeps = { store, service, editor, clock: systemClock, weekStartsOn: config.weekStartsOn, machine };
  const record = new RecordCommands(recordDeps, log);
  const panel = new PanelHost(context.extensionUri, recordDeps, config.showCostEstimate, {
    exportMarkdown: (range) => record.exportMarkdown(undefined, range),
    exportCsv: () => record.exportCsv(),
    importCsv: () => record.importCsv(),
  });
  const git = new GitWatcher(service, log);
  const terminals = new TerminalWatcher(sessions, supervision, config.agents, log, config.shellIntegrationWaitMs);
  const activity = new ActivityWatcher(supervision);
  const stop = new StopTask(service, tokens, store, new SecondOpinions(store), { refreshCommits: () => git.rescanAll(), scanTokens });
  const agentPrompt = new AgentPrompt(
    [sessions.onUnattributedStart, records.onUnattributedStart],
    service,
    context.workspaceState,
    config.promptWhenAgentStartsWithoutTask,
    log,
  );
  const syncLoop = new SyncLoop({
    sync: new RecordSync(store, machine),
    open: (folder) => new SyncFolder(folder, machine),
    describe,
    changed: () => service.externalChange(),
    log: (m) => log.info(m),
    tell: (m, level) => void (level === 'info' ? vscode.window.showInformationMessage(m) : vscode.window.showWarningMessage(m)),
  });
  service.onDidChange.on(() => syncLoop.touch());
  syncLoop.use(config.syncFolder());
  void git.start().catch((err: unknown) => log.warn(`Git: could not connect: ${describe(err)}`));

  const liveScan = (): void => {
    if (folders.length > 0) scanner.scanLive(folders).catch((err: unknown) => log.warn(`Live scan failed: ${describe(err)}`));
  };
  const background = startBackgroundWork([store, usage], service, scanTokens, liveScan, (m) => log.warn(m));
  context.subscriptions.push(
    statusBar,
    new ContextKeys(service, [sessions.onDidStart, records.onDidChange]),
    panel,
    git,
    terminals,
    activity,
    agentPrompt,
    ...registerCommands({ service, store, panel, record, log, scanTokens, stop }),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (webviewPanel, state) => panel.restore(webviewPanel, state),
    }),
    // Settings read on use apply by themselves; these drive timers, which restart with the new period.
    config.onDidChange(['statusBar.refreshSeconds'], () => statusBar.restartRefresh()),
    config.onDidChange(['tokens.scanIntervalMinutes'], () => background.tokenScans.restart()),
    config.onDidChange(['tokens.showCostEstimate', 'weekStartsOn'], () => service.externalChange()),
    config.onDidChange(['sync.folder'], () => syncLoop.use(config.syncFolder())),
    vscode.window.onDidChangeWindowState((state) => state.focused && background.reload()),
    { dispose: store.onDidMerge.on(() => service.externalChange()) },
  );

  const activationMs = performance.now() - startedAt;
  log.info(`Activated in ${activationMs.toFixed(1)} ms`);
  const shutdown = async (): Promise<void> => {
    // Stop everything that reads the store before its database is closed; keep what was measured.
    background.dispose();
    syncLoop.dispose();
    clearTimeout(recordsRedraw);
    for (const d of [terminals, activity, git, agentPrompt, statusBar, panel, scanThread]) d.dispose();
    service.checkpoint();
    await Promise.all([store.close(), usage.close()]);
  };
  const api =
    process.env[TEST_HOOKS_ENV] === '1'
      ? testHooks({
          databaseFile,
          activationMs,
          service,
          stores: [store, usage],
          statusBar,
          panel,
          scanTokens: () => scanner.scan(),
          stopPrompt: shownStopPrompt,
        })
      : undefined;
  return { api, shutdown };
}

import type { TaskRepository } from './app/ports';
import type { TaskService } from './app/taskService';
import type { TaskFacts } from './domain/measure';
import type { Task } from './domain/task';
import type { HostMessage, PanelData } from './shared/protocol';
import type { PanelHost } from './ui/panel/panelHost';
import type { ShownStopPrompt } from './ui/prompts';

/**
 * The environment variable the test launchers set. Only then does the extension export its test
 * hooks (`LeverageApi`): other extensions in a user's window get nothing from `activate`. This file
 * has type imports only, so the launchers (plain Node, no VS Code) can import the name.
 */
export const TEST_HOOKS_ENV = 'LEVERAGE_TEST_HOOKS';

/** What the extension exports under the test launchers only; tests in the real extension host read state through it. */
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
  /** Calls `listener` with every data push from the panel host to its webview; returns an unsubscribe function. */
  onPanelPush(listener: (data: PanelData) => void): () => void;
  /** Sends a message to the panel host as its webview would, and returns the reply. */
  panelMessage(message: unknown): Promise<HostMessage | undefined>;
  /** Writes pending changes (and the running task's measurements) to disk now. */
  flush(): Promise<void>;
  /** The stop prompt's text while it is shown (the workbench's DOM is out of the extension host's reach). */
  stopPrompt(): ShownStopPrompt | undefined;
}

/** What the hooks read from; all of it is created in container.ts. */
export interface HookSources {
  readonly databaseFile: string;
  readonly activationMs: number;
  readonly service: Pick<TaskService, 'running' | 'facts' | 'checkpoint'>;
  /** The record and the token-usage file. */
  readonly stores: readonly Pick<TaskRepository, 'flush'>[];
  readonly statusBar: { readonly text: string };
  readonly panel: Pick<PanelHost, 'whenReady' | 'onDidPush' | 'respond'>;
  /** A full token scan as the extension runs it (after an old record's usage has moved), errors included. */
  readonly scanTokens: () => Promise<unknown>;
  readonly stopPrompt: () => ShownStopPrompt | undefined;
}

/** Builds the test hooks over the wired extension. */
export function testHooks({
  databaseFile,
  activationMs,
  service,
  stores,
  statusBar,
  panel,
  scanTokens,
  stopPrompt,
}: HookSources): LeverageApi {
  return {
    databaseFile,
    activationMs,
    running: () => service.running(),
    runningFacts: () => {
      const task = service.running();
      return task && service.facts(task);
    },
    statusBarText: () => statusBar.text,
    panelReady: () => panel.whenReady(),
    scanTokens,
    onPanelPush: (listener) => panel.onDidPush.on(listener),
    panelMessage: (message) => panel.respond(message),
    flush: async () => {
      service.checkpoint();
      await Promise.all(stores.map((s) => s.flush()));
    },
    stopPrompt,
  };
}

import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { panelData } from './report';
import type { Outcome } from '../../domain/outcome';
import { parseWebviewMessage, restoredView, savedView } from '../../shared/parseMessage';
import { DEFAULT_VIEW, type HostMessage, type PanelData, type RangeSpec, type ViewSpec, type WebviewRequest } from '../../shared/protocol';
import { Emitter } from '../../app/events';
import type { RecordDeps } from '../recordDeps';
import { panelHtml } from './panelHtml';
import { errorMessage } from '../../domain/errorMessage';

/** The view type, also used by the serializer that restores the panel after a reload. */
export const PANEL_VIEW_TYPE = 'leverage.panel';

/** Record-level actions the panel's toolbar triggers (they show their own dialogs). */
export interface PanelActions {
  exportMarkdown(range: RangeSpec): Promise<unknown>;
  exportCsv(): Promise<unknown>;
  importCsv(): Promise<unknown>;
}

/**
 * Hosts the Leverage panel: one instance, restored after a reload, talking to its webview only
 * through the typed protocol. Requests are allow-listed and checked; strings from the webview are
 * treated as data, never as commands.
 */
export class PanelHost implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private view: ViewSpec = DEFAULT_VIEW;
  private readonly unsubscribe: () => void;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  /** Resolves when the webview has said `ready` (tests and the bench wait for it). */
  private readyWaiters: (() => void)[] = [];
  private ready = false;
  private changedSinceInline = false;
  /** Fires with every data push to the webview (the real-host tests observe pushes through it). */
  readonly onDidPush = new Emitter<PanelData>();
  /** Subscriptions to the current panel's events, disposed with it. */
  private panelSubscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly deps: RecordDeps,
    private readonly showCost: () => boolean,
    private readonly actions: PanelActions,
  ) {
    this.unsubscribe = deps.service.onDidChange.on(() => this.scheduleRefresh());
  }

  /** The range the panel shows (used by exports run without arguments). */
  get currentRange(): RangeSpec {
    return this.view.range;
  }

  /** Opens the panel, or reveals it. */
  show(): void {
    if (this.panel) {
      this.panel.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, 'Leverage Record', vscode.ViewColumn.Active, this.options());
    this.attach(panel);
  }

  /** Takes over a panel VS Code restored after a reload (WebviewPanelSerializer). */
  restore(panel: vscode.WebviewPanel, state: unknown): void {
    this.view = restoredView(savedView(state), DEFAULT_VIEW);
    panel.webview.options = this.options();
    this.attach(panel);
  }

  /** Resolves once the webview is loaded and has asked for data. */
  whenReady(): Promise<void> {
    return this.ready ? Promise.resolve() : new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  private options(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview')] };
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.disposePanelSubscriptions();
    this.panel = panel;
    this.ready = false;
    const webview = panel.webview;
    const asset = (name: string): string =>
      webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview', name)).toString();
    this.changedSinceInline = false;
    webview.html = panelHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      scriptUri: asset('panel.js'),
      styleUri: asset('panel.css'),
      initialData: this.data(),
    });
    // Range switches read the in-memory index; build it while the page loads, not on the first switch.
    setTimeout(() => this.deps.store.warm(), 0);
    this.panelSubscriptions = [
      webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw)),
      panel.onDidDispose(() => {
        if (this.panel !== panel) return;
        this.panel = undefined;
        this.disposePanelSubscriptions();
      }),
      // A hidden webview cannot receive messages; catch up when it becomes visible again.
      panel.onDidChangeViewState(() => panel.visible && this.scheduleRefresh()),
    ];
  }

  private disposePanelSubscriptions(): void {
    for (const subscription of this.panelSubscriptions.splice(0)) subscription.dispose();
  }

  private post(message: HostMessage): void {
    void this.panel?.webview.postMessage(message);
  }

  private scheduleRefresh(): void {
    this.changedSinceInline = true;
    if (!this.panel || this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      const data = this.data();
      this.post({ type: 'data', data });
      this.onDidPush.fire(data);
    }, 50);
  }

  private data() {
    const { store, service, clock, weekStartsOn } = this.deps;
    return panelData(store, service, this.view, clock.now(), weekStartsOn(), this.showCost(), this.deps.machine);
  }

  private async receive(raw: unknown): Promise<void> {
    const reply = await this.respond(raw);
    if (reply) this.post(reply);
  }

  /**
   * Answers one message from the webview: `ready` gets the data, a request gets a reply.
   * Public so the real-host tests can drive the protocol exactly as the webview does.
   */
  async respond(raw: unknown): Promise<HostMessage | undefined> {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok)
      return parsed.requestId === undefined
        ? undefined
        : { type: 'reply', requestId: parsed.requestId, ok: false, message: parsed.problem };
    const message = parsed.message;
    if (message.type === 'ready') {
      this.ready = true;
      for (const resolve of this.readyWaiters.splice(0)) resolve();
      // The inlined data is current unless something changed while the page was loading.
      const current = message.hasData && !this.changedSinceInline;
      this.changedSinceInline = false;
      return current ? undefined : { type: 'data', data: this.data() };
    }
    const { requestId, request } = message;
    try {
      const outcome = await this.handle(request);
      return outcome.ok
        ? { type: 'reply', requestId, ok: true, data: this.data() }
        : { type: 'reply', requestId, ok: false, message: outcome.message };
    } catch (err) {
      return { type: 'reply', requestId, ok: false, message: errorMessage(err) };
    }
  }

  private async handle(request: WebviewRequest): Promise<Outcome<unknown>> {
    switch (request.type) {
      case 'load':
        this.view = request.view;
        return { ok: true, value: undefined };
      case 'edit':
        return this.deps.editor.edit(request.taskId, request.field, request.value);
      case 'delete':
        return this.deps.editor.delete(request.taskId);
      case 'undoDelete':
        return this.deps.editor.undoDelete(request.taskId);
      case 'merge':
        return this.deps.editor.merge(request.keepId, request.mergeId);
      case 'attach':
        if (request.sessionIds.length === 0) return { ok: false, message: 'Select at least one session.' };
        return this.deps.service.attachSessions(request.sessionIds, request.taskId);
      case 'exportMarkdown':
        await this.actions.exportMarkdown(request.range);
        return { ok: true, value: undefined };
      case 'exportCsv':
        await this.actions.exportCsv();
        return { ok: true, value: undefined };
      case 'importCsv':
        await this.actions.importCsv();
        return { ok: true, value: undefined };
    }
  }

  dispose(): void {
    this.unsubscribe();
    this.disposePanelSubscriptions();
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.panel?.dispose();
  }
}

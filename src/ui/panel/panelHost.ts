import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { panelData } from '../../app/report';
import type { Outcome } from '../../app/taskService';
import { REQUEST_TYPES, type HostMessage, type RangeSpec, type SortKey, type ViewSpec, type WebviewMessage, type WebviewRequest } from '../../shared/protocol';
import type { RecordDeps } from '../recordDeps';
import { panelHtml } from './panelHtml';

/** The view type, also used by the serializer that restores the panel after a reload. */
export const PANEL_VIEW_TYPE = 'leverage.panel';

/** Record-level actions the panel's toolbar triggers (they show their own dialogs). */
export interface PanelActions {
  exportMarkdown(range: RangeSpec): Promise<unknown>;
  exportCsv(): Promise<unknown>;
  importCsv(): Promise<unknown>;
}

const RANGE_KINDS = new Set(['today', 'yesterday', 'week', 'month', 'all', 'custom']);

/** Checks that a message really is one the webview may send; anything else is dropped. */
function asMessage(raw: unknown): WebviewMessage | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const msg = raw as { type?: unknown; requestId?: unknown; request?: { type?: unknown } };
  if (msg.type === 'ready') return { type: 'ready', hasData: (raw as { hasData?: unknown }).hasData === true };
  if (msg.type !== 'request' || typeof msg.requestId !== 'number' || typeof msg.request !== 'object' || msg.request === null) return undefined;
  if (!REQUEST_TYPES.includes(msg.request.type as WebviewRequest['type'])) return undefined;
  return raw as WebviewMessage;
}

const SORT_KEYS = new Set(['index', 'title', 'human', 'ai', 'sup', 'tokens', 'leverage', 'supLeverage', 'commits']);

/** What the panel shows first: today, in start order, one page of rows. */
const DEFAULT_VIEW: ViewSpec = { range: { kind: 'today' }, sort: { key: 'index', descending: false }, limit: 100 };

function validView(view: unknown): ViewSpec {
  const v = view as { range?: unknown; sort?: { key?: unknown; descending?: unknown }; limit?: unknown } | undefined;
  if (!v) return DEFAULT_VIEW;
  const key = SORT_KEYS.has(String(v.sort?.key)) ? (v.sort!.key as SortKey) : 'index';
  const limit = typeof v.limit === 'number' && Number.isFinite(v.limit) ? Math.min(100_000, Math.max(1, Math.trunc(v.limit))) : DEFAULT_VIEW.limit;
  return { range: validRange(v.range), sort: { key, descending: v.sort?.descending === true }, limit };
}

function validRange(range: unknown): RangeSpec {
  const r = range as { kind?: unknown; from?: unknown; to?: unknown } | undefined;
  if (!r || !RANGE_KINDS.has(String(r.kind))) return { kind: 'today' };
  if (r.kind === 'custom') return { kind: 'custom', from: String(r.from ?? ''), to: String(r.to ?? '') };
  return { kind: r.kind as Exclude<RangeSpec['kind'], 'custom'> };
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
    this.view = validView((state as { view?: unknown } | undefined)?.view);
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
    this.panel = panel;
    this.ready = false;
    const webview = panel.webview;
    const asset = (name: string): string => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview', name)).toString();
    this.changedSinceInline = false;
    webview.html = panelHtml({ cspSource: webview.cspSource, nonce: randomBytes(16).toString('base64'), scriptUri: asset('panel.js'), styleUri: asset('panel.css'), initialData: this.data() });
    webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw));
    // Range switches read the in-memory index; build it while the page loads, not on the first switch.
    setTimeout(() => this.deps.store.warm(), 0);
    panel.onDidDispose(() => {
      if (this.panel === panel) this.panel = undefined;
    });
    // A hidden webview cannot receive messages; catch up when it becomes visible again.
    panel.onDidChangeViewState(() => panel.visible && this.scheduleRefresh());
  }

  private post(message: HostMessage): void {
    void this.panel?.webview.postMessage(message);
  }

  private scheduleRefresh(): void {
    this.changedSinceInline = true;
    if (!this.panel || this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      this.post({ type: 'data', data: this.data() });
    }, 50);
  }

  private data() {
    const { store, service, clock, weekStartsOn } = this.deps;
    return panelData(store, service, this.view, clock.now(), weekStartsOn(), this.showCost());
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
    const message = asMessage(raw);
    if (!message) return undefined;
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
      return outcome.ok ? { type: 'reply', requestId, ok: true, data: this.data() } : { type: 'reply', requestId, ok: false, message: outcome.message };
    } catch (err) {
      return { type: 'reply', requestId, ok: false, message: err instanceof Error ? err.message : String(err) };
    }
  }

  private async handle(request: WebviewRequest): Promise<Outcome<unknown>> {
    const text = (v: unknown): string => (typeof v === 'string' ? v : '');
    switch (request.type) {
      case 'load':
        this.view = validView(request.view);
        return { ok: true, value: undefined };
      case 'edit':
        if (!['title', 'estimate', 'aiMinutes', 'supMinutes'].includes(request.field)) return { ok: false, message: 'Unknown field.' };
        return this.deps.editor.edit(text(request.taskId), request.field, text(request.value));
      case 'delete':
        return this.deps.editor.delete(text(request.taskId));
      case 'undoDelete':
        return this.deps.editor.undoDelete(text(request.taskId));
      case 'merge':
        return this.deps.editor.merge(text(request.keepId), text(request.mergeId));
      case 'attach': {
        const ids = Array.isArray(request.sessionIds) ? request.sessionIds.filter((s): s is string => typeof s === 'string') : [];
        if (ids.length === 0) return { ok: false, message: 'Select at least one session.' };
        return this.deps.service.attachSessions(ids, text(request.taskId));
      }
      case 'exportMarkdown':
        await this.actions.exportMarkdown(validRange(request.range));
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
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.panel?.dispose();
  }
}

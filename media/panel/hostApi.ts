import type { HostMessage, PanelData, ViewSpec, WebviewMessage, WebviewRequest } from '../../src/shared/protocol';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** What the webview remembers across hide/show and reloads (VS Code keeps it for us). */
export interface ViewState {
  view: ViewSpec;
}

/** The webview's side of the protocol: requests with replies, data pushes, saved view state. */
export class HostApi {
  private readonly vscode = acquireVsCodeApi();
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (data: PanelData | undefined) => void; reject: (err: Error) => void }>();

  constructor(private readonly onData: (data: PanelData) => void) {
    window.addEventListener('message', (event: MessageEvent<HostMessage>) => this.receive(event.data));
  }

  /** Tells the host we are listening; without `hasData` it answers with data. */
  ready(hasData: boolean): void {
    this.vscode.postMessage({ type: 'ready', hasData });
  }

  /** Sends a request; resolves with fresh data on success, rejects with the host's message. */
  request(request: WebviewRequest): Promise<PanelData | undefined> {
    const requestId = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(requestId, { resolve, reject });
      this.vscode.postMessage({ type: 'request', requestId, request });
    });
  }

  /** What VS Code kept with `setState`, unparsed: it may come from an older version of the page. */
  get savedState(): unknown {
    return this.vscode.getState();
  }

  /** Keeps the view across hide/show and reloads. */
  saveState(state: ViewState): void {
    this.vscode.setState(state);
  }

  private receive(message: HostMessage): void {
    switch (message.type) {
      case 'data':
        this.onData(message.data);
        return;
      case 'reply': {
        const waiter = this.pending.get(message.requestId);
        if (!waiter) return;
        this.pending.delete(message.requestId);
        if (message.ok) {
          if (message.data) this.onData(message.data);
          waiter.resolve(message.data);
        } else {
          waiter.reject(new Error(message.message));
        }
        return;
      }
    }
  }
}

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Emitter } from '../../../src/app/events';
import type { RecordDeps } from '../../../src/ui/recordDeps';
import { PanelHost } from '../../../src/ui/panel/panelHost';

/** A subscription that records whether it was disposed. */
interface Subscription extends vscode.Disposable {
  disposed: boolean;
}

/** A webview panel whose event subscriptions can be inspected; the real one cannot be asked. */
function fakePanel(): { panel: vscode.WebviewPanel; subscriptions: Subscription[] } {
  const subscriptions: Subscription[] = [];
  const event = () => (): Subscription => {
    const subscription = { disposed: false, dispose: () => void (subscription.disposed = true) };
    subscriptions.push(subscription);
    return subscription;
  };
  const webview = {
    options: {},
    html: '',
    cspSource: 'vscode-resource:',
    asWebviewUri: (uri: vscode.Uri) => uri,
    onDidReceiveMessage: event(),
    postMessage: async () => true,
  };
  const panel = {
    webview,
    onDidDispose: event(),
    onDidChangeViewState: event(),
    visible: true,
    reveal: () => undefined,
    dispose: () => undefined,
  };
  return { panel: panel as unknown as vscode.WebviewPanel, subscriptions };
}

/** What PanelHost reads to build its data: an empty record. */
function emptyRecord(): RecordDeps {
  const store = {
    list: () => [],
    commitCounts: () => new Map(),
    unattributedSessions: () => [],
    warm: () => undefined,
    otherMachines: () => [],
  };
  return {
    store,
    service: { onDidChange: new Emitter<void>() },
    editor: {},
    clock: { now: () => Date.now() },
    weekStartsOn: () => 1,
    machine: { id: '0b5c6a1e-1111-4a4a-8a8a-000000000001', name: 'here' },
  } as unknown as RecordDeps;
}

describe('PanelHost subscriptions (real extension host)', () => {
  const actions = { exportMarkdown: async () => undefined, exportCsv: async () => undefined, importCsv: async () => undefined };

  it("disposes its subscriptions to a panel's events when it is disposed", () => {
    const host = new PanelHost(vscode.Uri.file('/ext'), emptyRecord(), () => false, actions);
    const { panel, subscriptions } = fakePanel();
    host.restore(panel, undefined);
    assert.equal(subscriptions.length, 3, 'messages, dispose and view-state events');
    host.dispose();
    assert.deepEqual(
      subscriptions.map((s) => s.disposed),
      [true, true, true],
    );
  });

  it('disposes the subscriptions to a replaced panel when another is restored', () => {
    const host = new PanelHost(vscode.Uri.file('/ext'), emptyRecord(), () => false, actions);
    const first = fakePanel();
    host.restore(first.panel, undefined);
    host.restore(fakePanel().panel, undefined);
    assert.deepEqual(
      first.subscriptions.map((s) => s.disposed),
      [true, true, true],
    );
    host.dispose();
  });
});

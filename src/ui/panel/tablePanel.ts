import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { TaskRepository } from '../../app/ports';
import type { TaskService } from '../../app/taskService';
import { renderTableHtml } from './tableHtml';

/** The single "Leverage Record" webview: a plain table of tasks until the full panel lands. */
export class TablePanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private readonly unsubscribe: () => void;

  constructor(private readonly repo: TaskRepository, service: TaskService) {
    this.unsubscribe = service.onDidChange.on(() => this.refresh());
  }

  /** Opens the panel, or reveals it if it is already open. */
  show(): void {
    if (this.panel) {
      this.panel.reveal();
      this.refresh();
      return;
    }
    this.panel = vscode.window.createWebviewPanel('leverage.panel', 'Leverage Record', vscode.ViewColumn.Active, {
      enableScripts: false,
      localResourceRoots: [],
    });
    this.panel.onDidDispose(() => (this.panel = undefined));
    this.refresh();
  }

  /** Re-renders when open. */
  refresh(): void {
    if (!this.panel) return;
    this.panel.webview.html = renderTableHtml(this.repo.list(), randomBytes(16).toString('base64'));
  }

  dispose(): void {
    this.unsubscribe();
    this.panel?.dispose();
  }
}

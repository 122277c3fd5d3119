import * as vscode from 'vscode';
import type { Supervision } from '../app/supervision';

/**
 * Feeds supervisory-time signals from the editor: the user's own edits, selections and scrolling
 * in the active editor, switching editors, and the window's focus / user-activity state.
 * Changes that agents write to files on disk arrive as document changes too, so only changes to
 * the active editor's document while the window is focused count.
 */
export class ActivityWatcher implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[];

  constructor(supervision: Supervision) {
    supervision.focus(vscode.window.state.focused);
    this.disposables = [
      vscode.window.onDidChangeWindowState((state) => supervision.focus(state.focused && state.active)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (this.focusedOn(e.document) && e.contentChanges.length > 0) supervision.activity('edit');
      }),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        // kind is undefined for programmatic selection changes; only the user's count.
        if (e.kind !== undefined && this.focusedOn(e.textEditor.document)) supervision.activity('selection');
      }),
      vscode.window.onDidChangeTextEditorVisibleRanges((e) => this.focusedOn(e.textEditor.document) && supervision.activity('scroll')),
      vscode.window.onDidChangeActiveTextEditor((editor) => editor && vscode.window.state.focused && supervision.activity('editor-focus')),
    ];
  }

  private focusedOn(document: vscode.TextDocument): boolean {
    return vscode.window.state.focused && vscode.window.activeTextEditor?.document === document;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

import type * as vscode from 'vscode';
import { createContainer, type Container } from './container';
import type { LeverageApi } from './testHooks';

let container: Container | undefined;

/** Wires the extension; all construction lives in container.ts. Returns the test hooks only under the test launchers. */
export async function activate(context: vscode.ExtensionContext): Promise<LeverageApi | undefined> {
  container = await createContainer(context, performance.now());
  return container.api;
}

/** Writes pending changes before the window closes or reloads; VS Code awaits the promise. */
export async function deactivate(): Promise<void> {
  await container?.shutdown();
  container = undefined;
}

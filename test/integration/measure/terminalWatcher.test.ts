import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SessionHandle } from '../../../src/app/agentSessions';
import { TerminalWatcher } from '../../../src/watchers/terminalWatcher';
import { eventually } from '../harness';

const WAIT_MS = 200;

/** A watcher of agent-named terminals over recording fakes, with a short shell-integration wait. */
function watcher(log: vscode.LogOutputChannel): { watcher: TerminalWatcher; started: string[] } {
  const started: string[] = [];
  const handle: SessionHandle = { id: 's', output: () => undefined, end: () => undefined };
  const sessions = { started: (agent: string): SessionHandle => (started.push(agent), handle) };
  return {
    watcher: new TerminalWatcher(
      sessions,
      { activity: () => undefined },
      () => ['claude'],
      log,
      () => WAIT_MS,
    ),
    started,
  };
}

/** Opens a terminal without shell integration; resolves once the watcher has seen it open. */
async function openPlainTerminal(name: string): Promise<vscode.Terminal> {
  // Listeners run in the order they were added, so this one runs after the watcher's.
  const seen = new Promise<void>((resolve) => {
    const sub = vscode.window.onDidOpenTerminal((t) => t.name === name && (sub.dispose(), resolve()));
  });
  const terminal = vscode.window.createTerminal({ name, shellPath: '/bin/sh' });
  await seen;
  return terminal;
}

describe('TerminalWatcher and its shell-integration wait (real extension host)', function () {
  this.timeout(20_000);
  const log = vscode.window.createOutputChannel('Leverage watcher test', { log: true });
  after(() => log.dispose());

  it('records an agent-named terminal that has no shell integration once the wait is over', async () => {
    const { watcher: w, started } = watcher(log);
    const terminal = await openPlainTerminal('claude');
    try {
      await eventually(() => (started.length > 0 ? true : undefined), 'the lifetime session to start', 5_000);
      assert.deepEqual(started, ['claude']);
    } finally {
      w.dispose();
      terminal.dispose();
    }
  });

  it('a watcher disposed during the wait opens no session afterwards', async () => {
    const { watcher: w, started } = watcher(log);
    const terminal = await openPlainTerminal('claude');
    w.dispose();
    // Only waiting shows that nothing happens: five times the wait the test above saw fire.
    await new Promise((r) => setTimeout(r, 5 * WAIT_MS));
    terminal.dispose();
    assert.deepEqual(started, []);
  });
});

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LeverageApi } from '../../../src/testHooks';
import { eventually, leverageApi, readSessionsOnDisk } from '../harness';

/** The running task's supervisory seconds once they stop growing (every credit has run out). */
async function settledSupSeconds(api: LeverageApi): Promise<number> {
  const sup = (): number => api.runningFacts()!.supMinutes * 60;
  return eventually(async () => {
    const first = sup();
    await new Promise((r) => setTimeout(r, 500));
    return sup() === first ? first : undefined;
  }, 'supervisory time to stop growing');
}

describe('supervisory time and terminals without shell integration (real extension host)', function () {
  this.timeout(60_000);

  it('typing in an editor while a task runs counts as supervisory time for one credit', async () => {
    const api = await leverageApi();
    // The launcher gives this workspace a 3 s credit per sign of activity (.vscode/settings.json).
    assert.equal(vscode.workspace.getConfiguration('leverage').get('supervisoryIdleSeconds'), 3);
    const doc = await vscode.workspace.openTextDocument({ content: '' });
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('leverage.startTask', { title: 'Supervise by typing' });
    // Credits earned before (opening the editor) run out first; what they added is the baseline.
    const before = await settledSupSeconds(api);
    assert.ok(vscode.window.state.focused, 'the workbench window has focus');
    await vscode.commands.executeCommand('type', { text: 'review note' });
    const added = (await settledSupSeconds(api)) - before;
    // typing at t, credit until t + 3 s: ~3 s (plus the typing itself), however long the wait was
    assert.ok(added >= 2.5 && added < 4.5, `typing added ${added.toFixed(2)} s of supervisory time`);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('leverage.stopTask', { estimateHours: 1 });
  });

  it('an agent-named terminal without shell integration is recorded open→close, with no AI time', async () => {
    const api = await leverageApi();
    await api.flush();
    const before = (await readSessionsOnDisk(api.databaseFile)).length;
    // sh (dash) gets no shell-integration script, like cmd.exe or a plain ssh session.
    const terminal = vscode.window.createTerminal({ name: 'claude', shellPath: '/bin/sh' });
    // The launcher shortens the wait for shell integration to 1 s (.vscode/settings.json).
    assert.equal(vscode.workspace.getConfiguration('leverage').get('shellIntegrationWaitSeconds'), 1);
    await eventually(async () => {
      await api.flush();
      return (await readSessionsOnDisk(api.databaseFile)).length > before ? true : undefined;
    }, 'the terminal-lifetime session to open');
    assert.equal(terminal.shellIntegration, undefined);
    terminal.dispose();
    const session = await eventually(
      async () => {
        await api.flush();
        const rows = await readSessionsOnDisk(api.databaseFile);
        const last = rows.length > before ? rows[rows.length - 1] : undefined;
        return last && last.ended_at !== null ? last : undefined;
      },
      'the terminal-lifetime session to be saved',
      15_000,
    );
    assert.equal(session.agent, 'claude');
    assert.equal(session.measured_by, 'terminal-lifetime');
    assert.equal(session.active_ms, 0);
  });
});

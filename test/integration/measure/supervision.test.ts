import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { eventually, leverageApi, readSessionsOnDisk } from '../harness';

describe('supervisory time and terminals without shell integration (real extension host)', function () {
  this.timeout(60_000);

  it('typing in an editor while a task runs counts as supervisory time', async () => {
    const api = await leverageApi();
    // The launcher gives this workspace a 3 s credit per sign of activity (.vscode/settings.json),
    // so every earlier credit has run out after the wait below.
    assert.equal(vscode.workspace.getConfiguration('leverage').get('supervisoryIdleSeconds'), 3);
    const doc = await vscode.workspace.openTextDocument({ content: '' });
    await vscode.window.showTextDocument(doc);
    await new Promise((r) => setTimeout(r, 3_500));
    await vscode.commands.executeCommand('leverage.startTask', { title: 'Supervise by typing' });
    await new Promise((r) => setTimeout(r, 1_000));
    assert.equal(api.runningFacts()!.supMinutes, 0, 'no activity yet, no supervisory time');
    assert.ok(vscode.window.state.focused, 'the workbench window has focus');
    await vscode.commands.executeCommand('type', { text: 'review note' });
    await new Promise((r) => setTimeout(r, 5_000));
    const supSeconds = api.runningFacts()!.supMinutes * 60;
    // typing at t, credit until t + 3 s, so ~3 s (plus the typing itself), not the 6 s the task ran
    assert.ok(supSeconds >= 2.5 && supSeconds < 4.5, `sup ${supSeconds.toFixed(2)} s`);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('leverage.stopTask', { estimateHours: 1 });
  });

  it('an agent-named terminal without shell integration is recorded open→close, with no AI time', async () => {
    const api = await leverageApi();
    await api.flush();
    const before = (await readSessionsOnDisk(api.databaseFile)).length;
    // sh (dash) gets no shell-integration script, like cmd.exe or a plain ssh session.
    const terminal = vscode.window.createTerminal({ name: 'claude', shellPath: '/bin/sh' });
    await new Promise((r) => setTimeout(r, 11_000)); // the grace period for shell integration to appear
    assert.equal(terminal.shellIntegration, undefined);
    terminal.dispose();
    const session = await eventually(async () => {
      await api.flush();
      const rows = await readSessionsOnDisk(api.databaseFile);
      const last = rows.length > before ? rows[rows.length - 1] : undefined;
      return last && last.ended_at !== null ? last : undefined;
    }, 'the terminal-lifetime session to be saved', 15_000);
    assert.equal(session.agent, 'claude');
    assert.equal(session.measured_by, 'terminal-lifetime');
    assert.equal(session.active_ms, 0);
  });
});

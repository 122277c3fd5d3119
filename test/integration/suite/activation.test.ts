import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { EXTENSION_ID, leverageApi } from '../harness';
import { hostLog } from '../hostLine';

describe('activation in a real extension host', () => {
  it('activates, reports its activation time and creates its database file', async () => {
    const api = await leverageApi();
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID)?.isActive);
    assert.ok(api.activationMs > 0 && api.activationMs < 10_000, `activation took ${api.activationMs} ms`);
    hostLog(`    activation time: ${api.activationMs.toFixed(1)} ms`);
    assert.match(api.databaseFile, /leverage\.sqlite$/);
    assert.ok(fs.existsSync(api.databaseFile), 'the database file exists after activation');
  });

  it('registers every command package.json contributes', async () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { commands: { command: string }[] } };
    const contributed = manifest.contributes.commands.map((c) => c.command);
    assert.equal(contributed.length, 8);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(
      contributed.filter((id) => !registered.has(id)),
      [],
      'contributed but not registered',
    );
  });

  it('shows "Start task" in the status bar while idle', async () => {
    const api = await leverageApi();
    assert.equal(api.running(), undefined);
    assert.equal(api.statusBarText(), '$(play) Start task');
  });
});

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Task } from '../../../src/domain/task';
import { eventually, leverageApi, readTasksOnDisk, RELOAD_TASK_TITLE } from '../harness';

describe('starting a task (before the window reload)', () => {
  it('refuses a blank title and starts nothing', async () => {
    const api = await leverageApi();
    const started = await vscode.commands.executeCommand<Task | undefined>('leverage.startTask', { title: '   ' });
    assert.equal(started, undefined);
    assert.equal(api.running(), undefined);
  });

  it('refuses to stop when nothing runs', async () => {
    const stopped = await vscode.commands.executeCommand<Task | undefined>('leverage.stopTask', { estimateHours: 2 });
    assert.equal(stopped, undefined);
  });

  it('opens the panel on an empty record without error', async () => {
    await vscode.commands.executeCommand('leverage.openPanel');
    const tab = await eventually(
      () =>
        vscode.window.tabGroups.all
          .flatMap((g) => g.tabs)
          .find((t) => t.input instanceof vscode.TabInputWebview && t.label === 'Leverage Record'),
      'the Leverage Record webview tab',
    );
    assert.ok(tab.isActive);
  });

  it('starts a task from {title}, shows it in the status bar and saves it (debounced) to disk', async () => {
    const api = await leverageApi();
    const task = await vscode.commands.executeCommand<Task>('leverage.startTask', { title: RELOAD_TASK_TITLE });
    assert.equal(task.title, RELOAD_TASK_TITLE);
    assert.equal(api.running()?.id, task.id);
    assert.match(api.statusBarText(), /^\$\(record\) Survives reload, with "quotes" · (<1m|\dm)$/);
    const row = await eventually(
      async () => (await readTasksOnDisk(api.databaseFile)).find((r) => r.id === task.id),
      'the running task on disk',
    );
    assert.equal(row.stopped_at, null);
    assert.equal(row.title, RELOAD_TASK_TITLE);
  });
});

import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Task } from '../../../src/domain/task';
import { eventually, leverageApi, readTasksOnDisk } from '../harness';

/** Start/stop cycles each of the two windows runs at the same time. */
const CYCLES = 200;
/** Windows sharing the user data folder in this phase. */
const WINDOWS = 2;

describe('two windows on one user data folder, at once', () => {
  it(`${CYCLES} start/stop cycles here while the other window runs its own: all ${CYCLES * WINDOWS} tasks on disk, once each`, async function () {
    this.timeout(300_000);
    const api = await leverageApi();
    const label = path.basename(vscode.workspace.workspaceFolders![0].uri.fsPath);
    for (let i = 0; i < CYCLES; i++) {
      const started = await vscode.commands.executeCommand<Task | undefined>('leverage.startTask', { title: `${label} cycle ${i}` });
      assert.ok(started, `cycle ${i} started`);
      const stopped = await vscode.commands.executeCommand<Task | undefined>('leverage.stopTask', { estimateHours: 1 });
      assert.equal(stopped?.id, started.id, `cycle ${i} stopped`);
    }
    await api.flush();
    // The other window may still be saving its last cycles: wait until both windows' tasks are on disk.
    const rows = await eventually(
      async () => {
        const cycles = (await readTasksOnDisk(api.databaseFile)).filter((r) => / cycle \d+$/.test(String(r.title)));
        return cycles.length >= CYCLES * WINDOWS ? cycles : undefined;
      },
      `${CYCLES * WINDOWS} cycle tasks on disk`,
      240_000,
    );
    const titles = rows.map((r) => String(r.title));
    assert.equal(new Set(titles).size, CYCLES * WINDOWS, 'no task twice');
    assert.equal(titles.filter((t) => t.startsWith(`${label} cycle `)).length, CYCLES, "all of this window's tasks");
    assert.ok(
      rows.every((r) => r.stopped_at !== null),
      'every task stopped',
    );
  });
});

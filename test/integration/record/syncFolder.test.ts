import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PanelData } from '../../../src/shared/protocol';
import { decodeSyncFile, encodeSyncFile, syncFileName } from '../../../src/storage/syncFile';
import { dayView, eventually, leverageApi, replyData } from '../harness';

/** A calendar day no other test of this window touches. */
const DAY = '2020-03-17';
const DESKTOP = { id: '0b5c6a1e-2222-4a4a-8a8a-00000000d35c', name: 'desktop (test)' };

function load(view: unknown, requestId: number) {
  return { type: 'request', requestId, request: { type: 'load', view } };
}

describe('sync folder: another machine’s file (real extension host)', function () {
  this.timeout(60_000);
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'leverage-syncfolder-'));

  after(async () => {
    await vscode.workspace.getConfiguration('leverage').update('sync.folder', undefined, vscode.ConfigurationTarget.Global);
  });

  it('a second machine’s file dropped into the folder appears in the panel without a reload; while incomplete it is skipped', async () => {
    const api = await leverageApi();
    await vscode.commands.executeCommand('leverage.openPanel');
    await api.panelReady();
    const view = dayView(DAY);
    replyData(await api.panelMessage(load(view, 300)));
    const pushes: PanelData[] = [];
    const unsubscribe = api.onPanelPush((data) => pushes.push(data));

    const start = new Date(`${DAY}T10:00:00`).getTime();
    const task = {
      id: 'task-from-the-desktop',
      title: 'Recorded on the desktop',
      workspace: 'file:///home/me/project',
      startedAt: start,
      stoppedAt: start + 30 * 60_000,
      humanHours: 5,
      aiMinutes: 30,
      aiSource: 'measured' as const,
      updatedAt: start + 30 * 60_000,
      machine: DESKTOP,
    };
    const commit = {
      taskId: task.id,
      repo: '/r',
      hash: 'c0ffee',
      subject: 'Add it',
      authoredAt: start + 60_000,
      files: 2,
      insertions: 10,
      deletions: 1,
    };
    const bytes = await encodeSyncFile({ machine: DESKTOP, entries: [{ task, commits: [commit] }] });
    const peerFile = path.join(folder, syncFileName(DESKTOP));
    // Half-synced: the first half of the file is there when syncing starts.
    fs.writeFileSync(peerFile, bytes.subarray(0, Math.floor(bytes.length / 2)));

    try {
      await vscode.workspace.getConfiguration('leverage').update('sync.folder', folder, vscode.ConfigurationTarget.Global);
      // This machine's own file is written in the same pass that read the half file, after it.
      const ownFile = await eventually(
        () => fs.readdirSync(folder).find((n) => n.endsWith('.leverage-sync') && n !== syncFileName(DESKTOP)),
        'this machine to write its own file into the sync folder',
        20_000,
      );
      const own = await decodeSyncFile(fs.readFileSync(path.join(folder, ownFile)));
      assert.ok(own.ok, 'this machine’s file is whole');
      assert.ok(!own.record.entries.some((e) => e.task.id === task.id), 'the half file was not read');
      assert.ok(!replyData(await api.panelMessage(load(view, 301))).rows.some((r) => r.id === task.id));

      // The sync tool finishes: the whole file replaces the half one by rename, as Syncthing and Dropbox do.
      fs.writeFileSync(`${peerFile}.partial`, bytes);
      fs.renameSync(`${peerFile}.partial`, peerFile);
      const shown = await eventually(
        () => pushes.find((d) => d.rows.some((r) => r.id === task.id)),
        'the panel to show the task from the other machine',
        20_000,
      );
      const row = shown.rows.find((r) => r.id === task.id)!;
      assert.equal(row.title, 'Recorded on the desktop');
      assert.equal(row.machine, DESKTOP.name);
      assert.equal(row.commits, 1);
      assert.equal(row.text.leverage, '10.0x');
      assert.ok(shown.machines.some((m) => m.id === DESKTOP.id));

      // Filtered to the desktop, the day holds only its task.
      const desktopOnly = replyData(await api.panelMessage(load({ ...view, machine: DESKTOP.id }, 302)));
      assert.deepEqual(
        desktopOnly.rows.map((r) => r.id),
        [task.id],
      );
    } finally {
      unsubscribe();
    }
  });
});

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { dayOf } from '../../../src/app/ranges';
import type { Task } from '../../../src/domain/task';
import { eventually, leverageApi, readTasksOnDisk } from '../harness';

/** A day of 2020 no other test of this window touches. */
const HISTORY_DAY = '2020-03-16';

/**
 * A hand-kept history: nine schema migrations of 8 to 16 hours and nine typo fixes of half an
 * hour, alike in every measured figure (none measured), so only the title tells them apart.
 */
function historySheet(): string {
  const migrations = Array.from({ length: 9 }, (_, i) => `Database schema migration ${i + 1},${8 + i}h,,,,${HISTORY_DAY}`);
  const typos = Array.from({ length: 9 }, (_, i) => `Readme typo ${i + 1},0.5h,,,,${HISTORY_DAY}`);
  return ['Task,Human Est.,AI,Sup.,Tokens,Date', ...migrations, ...typos].join('\r\n');
}

describe('the second opinion beside the estimate (real extension host)', function () {
  this.timeout(60_000);

  it('the stop prompt shows what similar past tasks took without filling the box, and the stopped task keeps it; the panel shows it', async () => {
    const api = await leverageApi();
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'leverage-opinion-')), 'history.csv');
    fs.writeFileSync(file, historySheet());
    const imported = await vscode.commands.executeCommand<{ added: number }>('leverage.importCsv', { uri: file, badRows: 'importNothing' });
    assert.equal(imported.added, 18);

    const task = await vscode.commands.executeCommand<Task>('leverage.startTask', { title: 'Database schema migration for sessions' });
    const asking = vscode.commands.executeCommand<Task | undefined>('leverage.stopTask');
    const shown = await eventually(() => api.stopPrompt(), 'the stop prompt', 20_000);
    assert.match(shown.prompt, /Your history: similar tasks took you 10–14h \(median 12h, 9 tasks\)\. How many hours/);
    assert.equal(shown.value, '', 'the opinion never fills the box');
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.equal(await asking, undefined, 'Escape leaves the task running');
    assert.equal(api.stopPrompt(), undefined);
    assert.equal(api.running()?.id, task.id);

    const stopped = await vscode.commands.executeCommand<Task>('leverage.stopTask', { estimateHours: 10 });
    assert.equal(stopped.humanHours, 10, 'the estimate is the user’s');
    assert.deepEqual(stopped.opinion, { low: 10, median: 12, high: 14, count: 9 });
    const row = (await readTasksOnDisk(api.databaseFile)).find((r) => r.id === task.id);
    assert.deepEqual(
      [row?.human_hours, row?.opinion_low, row?.opinion_median, row?.opinion_high, row?.opinion_count],
      [10, 10, 12, 14, 9],
      'written to the database at stop',
    );

    const view = { range: { kind: 'today' }, sort: { key: 'index', descending: true }, limit: 100 };
    const reply = await api.panelMessage({ type: 'request', requestId: 70, request: { type: 'load', view } });
    assert.ok(reply?.type === 'reply' && reply.ok && reply.data);
    const shownRow = reply.data.rows.find((r) => r.id === task.id);
    assert.equal(shownRow?.opinionTitle, 'Second opinion at stop: similar tasks took you 10–14h (median 12h, 9 tasks)');
    // Earlier windows on this record stopped tasks today with opinions of their own: the oracle is the database.
    const today = (await readTasksOnDisk(api.databaseFile)).filter(
      (r) =>
        r.deleted_at === null && r.stopped_at !== null && r.opinion_median !== null && dayOf(r.started_at as number) === dayOf(Date.now()),
    );
    const ratios = today.map((r) => (r.human_hours as number) / (r.opinion_median as number)).sort((a, b) => a - b);
    const middle = (ratios[Math.floor((ratios.length - 1) / 2)] + ratios[Math.ceil((ratios.length - 1) / 2)]) / 2;
    assert.ok(ratios.length >= 1);
    assert.equal(
      reply.data.totals.text.opinion,
      `median ratio ×${middle.toFixed(1)} over ${ratios.length} task${ratios.length === 1 ? '' : 's'}`,
    );
  });
});

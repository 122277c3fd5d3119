import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { formatISO } from 'date-fns';
import * as vscode from 'vscode';
import type { Task } from '../../../src/domain/task';
import { leverageApi, readTasksOnDisk, RELOAD_TASK_TITLE, type TaskRow } from '../harness';

describe('after a window reload', () => {
  it('the running task survived and is shown in the status bar', async () => {
    const api = await leverageApi();
    assert.equal(api.running()?.title, RELOAD_TASK_TITLE);
    assert.ok(api.statusBarText().startsWith('$(record) Survives reload'), api.statusBarText());
  });

  it('an estimate of "abc" is refused and the task keeps running, unchanged on disk', async () => {
    const api = await leverageApi();
    const before = await readTasksOnDisk(api.databaseFile);
    const stopped = await vscode.commands.executeCommand<Task | undefined>('leverage.stopTask', { estimateHours: 'abc' });
    assert.equal(stopped, undefined);
    assert.equal(api.running()?.title, RELOAD_TASK_TITLE);
    await api.flush();
    assert.deepEqual(await readTasksOnDisk(api.databaseFile), before);
  });

  it('stops with {estimateHours} and writes the row to the database at once', async () => {
    const api = await leverageApi();
    const stopped = await vscode.commands.executeCommand<Task>('leverage.stopTask', { estimateHours: 2 });
    assert.equal(stopped.humanHours, 2);
    assert.equal(api.running(), undefined);
    assert.match(api.statusBarText(), /^\$\(play\) Start task · [\d.]+x today$/);
    const rows = await readTasksOnDisk(api.databaseFile);
    assert.equal(rows.length, 1);
    const row = rows[0];
    assert.equal(row.title, RELOAD_TASK_TITLE);
    assert.equal(row.human_hours, 2);
    assert.equal(row.ai_source, 'wallclock');
    assert.equal(typeof row.stopped_at, 'number');
    assert.ok((row.stopped_at as number) >= (row.started_at as number));
    assert.equal(
      row.ai_minutes,
      Math.round(((row.stopped_at as number) - (row.started_at as number)) / 60) / 1000,
      'wall-clock minutes, kept to 3 decimals',
    );
  });

  it('exports the record to CSV with the expected bytes', async () => {
    const api = await leverageApi();
    await vscode.commands.executeCommand<Task>('leverage.startTask', { title: '=HYPERLINK("http://evil.example","x")' });
    await vscode.commands.executeCommand<Task>('leverage.stopTask', { estimateHours: '1h30m' });
    const target = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'leverage-csv-')), 'record.csv');
    const written = await vscode.commands.executeCommand<vscode.Uri>('leverage.exportCsv', { uri: target });
    assert.equal(written.fsPath, target);

    const rows = await readTasksOnDisk(api.databaseFile);
    assert.equal(rows.length, 2);
    // Minutes were measured in this run (wall clock for AI, window activity for sup.), so the
    // expected line is built from the stored values; the formatting rules are what is checked.
    const line = (r: TaskRow, title: string, hours: string): string => {
      const minutes = (m: number): string => String(Number(m.toFixed(3)));
      const factor = (m: number): string => (m > 0 ? ((Number(hours) * 60) / m).toFixed(1) : ''); // "—" when no minutes
      const ai = r.ai_minutes as number;
      const sup = r.sup_minutes as number | null;
      return [
        title,
        formatISO(r.started_at as number),
        formatISO(r.stopped_at as number),
        hours,
        minutes(ai),
        sup === null ? '' : minutes(sup),
        '',
        factor(ai),
        sup === null ? '' : factor(sup),
        r.id as string,
        // Recorded here: this host's name (the extension host runs on it; host names have no commas or quotes).
        os.hostname(),
      ].join(',');
    };
    const expected =
      '\uFEFFTask,Started,Stopped,Human Est. (h),AI (min),Sup. (min),Tokens,Leverage,Sup. Leverage,Id,Machine\r\n' +
      line(rows[0], '"Survives reload, with ""quotes"""', '2') +
      '\r\n' +
      line(rows[1], `"'=HYPERLINK(""http://evil.example"",""x"")"`, '1.5') +
      '\r\n';
    assert.equal(fs.readFileSync(target, 'utf8'), expected);
  });
});

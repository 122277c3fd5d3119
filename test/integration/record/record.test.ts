import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PanelData } from '../../../src/shared/protocol';
import { dayOf } from '../../../src/app/ranges';
import { formatFactor } from '../../../src/domain/format';
import type { Task } from '../../../src/domain/task';
import { dayView, eventually, leverageApi, readTasksOnDisk, replyData } from '../harness';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'leverage-record-'));

/**
 * Each test works on its own calendar day of 2020, which no other test touches, so the tests do
 * not depend on their order: what a test seeds and changes on its day is all that day holds.
 */
const DAYS = { importing: '2020-03-09', markdown: '2020-03-10', protocol: '2020-03-11', merging: '2020-03-12', live: '2020-03-13' };

/** A hand-kept record of one day: three good rows and one with a bad estimate. */
function sheet(day: string): string {
  return [
    '#,Task,Human Est.,AI,Sup.,Tokens,Leverage,Date',
    `1,Design doc for desktop app (architecture; repo creation),16h,12m,2m,350k,80.0x,${day}`,
    `2,"<img src=x onerror=""alert(1)"">",8h,30m,5m,1.2M,16.0x,${day}`,
    `3,"=HYPERLINK(""http://evil.example"",""click"")",0.75h,1h 5m,,~2.6M,,${day}`,
    `4,Broken estimate,abc,10m,,,,${day}`,
  ].join('\r\n');
}

async function importSheet(day: string, badRows: 'importGood' | 'importNothing') {
  const file = path.join(tmp, `sheet-${day}.csv`);
  fs.writeFileSync(file, sheet(day));
  return vscode.commands.executeCommand<{ added: number; skipped: number; errors: number }>('leverage.importCsv', { uri: file, badRows });
}

describe('the record: CSV import, Markdown, panel protocol (real extension host)', function () {
  this.timeout(60_000);

  it('imports a hand-kept sheet: the bad row is reported; "Import nothing" imports nothing', async () => {
    const api = await leverageApi();
    await api.flush();
    const before = await readTasksOnDisk(api.databaseFile);
    const result = await importSheet(DAYS.importing, 'importNothing');
    assert.deepEqual(result, { added: 0, skipped: 0, errors: 1 });
    await api.flush();
    assert.deepEqual(await readTasksOnDisk(api.databaseFile), before);
  });

  it('"Import the good rows" imports them; importing the sheet again adds nothing', async () => {
    const api = await leverageApi();
    assert.deepEqual(await importSheet(DAYS.importing, 'importGood'), { added: 3, skipped: 0, errors: 1 });
    assert.deepEqual(await importSheet(DAYS.importing, 'importGood'), { added: 0, skipped: 3, errors: 1 });
    const onDisk = (await readTasksOnDisk(api.databaseFile)).filter((r) => dayOf(r.started_at as number) === DAYS.importing);
    assert.equal(onDisk.length, 3);
    assert.deepEqual(
      onDisk.map((r) => r.tokens),
      [350_000, 1_200_000, 2_600_000],
    );
  });

  it('exports the seeded day as the published Markdown record, exactly', async () => {
    const DAY = DAYS.markdown;
    await importSheet(DAY, 'importGood');
    const target = path.join(tmp, 'day.md');
    await vscode.commands.executeCommand('leverage.exportMarkdown', { uri: target, from: DAY, to: DAY });
    assert.equal(
      fs.readFileSync(target, 'utf8'),
      [
        `# Leverage Record — ${DAY}`,
        '',
        '## Task Log',
        '',
        '| # | Task | Human Est. | AI | Sup. | Tokens | Factor | Sup. Factor |',
        '| --- | --- | --- | --- | --- | --- | --- | --- |',
        '| 1 | Design doc for desktop app (architecture; repo creation) | 16h | 12m | 2m | 350k | 80.0x | 480.0x |',
        '| 2 | &lt;img src=x onerror="alert(1)"&gt; | 8h | 30m | 5m | 1.2M | 16.0x | 96.0x |',
        '| 3 | =HYPERLINK("http://evil.example","click") | 0.75h | 65m | — | 2.6M | 0.7x | — |',
        '',
        '## Aggregate Statistics',
        '',
        '| Metric | Value |',
        '| --- | --- |',
        '| Total tasks | 3 |',
        '| Total human-equivalent hours | 24.75h |',
        '| Total AI minutes | 107m |',
        '| Total supervisory minutes | 7m |',
        '| Total tokens | 4.15M |',
        '| Weighted average leverage (Σ hours × 60 / Σ AI minutes) | 13.9x |',
        '| Weighted average supervisory leverage (Σ hours × 60 / Σ sup. minutes) | 205.7x |',
        '',
      ].join('\n'),
    );
  });

  it('exports the compact Markdown layout when asked for it', async () => {
    const DAY = DAYS.markdown;
    await importSheet(DAY, 'importGood');
    const target = path.join(tmp, 'compact.md');
    await vscode.commands.executeCommand('leverage.exportMarkdown', { uri: target, from: DAY, to: DAY, layout: 'compact' });
    const lines = fs.readFileSync(target, 'utf8').split('\n');
    assert.equal(lines[2], '| # | Task | Human Est. | AI | Sup. | Tokens | Leverage | Sup. Leverage |');
    assert.ok(lines.includes('- Total tokens: 4.15M'), lines.join('\n'));
  });

  it('re-importing our own CSV export adds nothing (merge by id)', async () => {
    const api = await leverageApi();
    const file = path.join(tmp, 'own.csv');
    await vscode.commands.executeCommand('leverage.exportCsv', { uri: file });
    const count = (await readTasksOnDisk(api.databaseFile)).length;
    const result = await vscode.commands.executeCommand<{ added: number; skipped: number }>('leverage.importCsv', { uri: file });
    assert.deepEqual([result.added, result.skipped], [0, count]);
    const csv = fs.readFileSync(file, 'utf8');
    assert.ok(csv.includes(`"'=HYPERLINK(""http://evil.example"",""click"")"`), 'the formula is neutralised in the CSV');
  });

  it('panel protocol: ready → data; a custom range → totals of the seeded day; edits validated; unknown messages refused', async () => {
    const api = await leverageApi();
    await importSheet(DAYS.protocol, 'importGood');
    await vscode.commands.executeCommand('leverage.openPanel');
    await api.panelReady(); // the real webview loaded its bundle and said "ready"
    const hello = await api.panelMessage({ type: 'ready' });
    assert.equal(hello?.type, 'data');

    const day = replyData(
      await api.panelMessage({ type: 'request', requestId: 1, request: { type: 'load', view: dayView(DAYS.protocol) } }),
    );
    assert.equal(day.rows.length, 3);
    assert.equal(day.totalRows, 3);
    assert.deepEqual(day.totals.text, {
      humanHours: '24.75h',
      aiMinutes: '107m',
      supMinutes: '7m',
      tokens: '4.15M',
      leverage: '13.9x',
      supLeverage: '205.7x',
      measuredLeverage: null,
      cost: null,
      opinion: null,
    });
    assert.equal(day.rows[1].title, '<img src=x onerror="alert(1)">', 'titles travel as data; the webview sets them as text');

    const bad = await api.panelMessage({
      type: 'request',
      requestId: 2,
      request: { type: 'edit', taskId: day.rows[0].id, field: 'estimate', value: 'abc' },
    });
    assert.ok(bad?.type === 'reply' && !bad.ok && /not a duration/.test(bad.message));
    const edited = replyData(
      await api.panelMessage({
        type: 'request',
        requestId: 3,
        request: { type: 'edit', taskId: day.rows[0].id, field: 'estimate', value: '32h' },
      }),
    );
    assert.equal(edited.totals.text.humanHours, '40.75h');

    const refused = await api.panelMessage({
      type: 'request',
      requestId: 4,
      request: { type: 'runCommand', command: 'workbench.action.quit' },
    });
    assert.ok(refused?.type === 'reply' && !refused.ok && /Refused/.test(refused.message), JSON.stringify(refused));
    assert.equal(await api.panelMessage({ type: 'nonsense' }), undefined);

    const deleted = replyData(
      await api.panelMessage({ type: 'request', requestId: 5, request: { type: 'delete', taskId: day.rows[2].id } }),
    );
    assert.equal(deleted.rows.length, 2);
    const restored = replyData(
      await api.panelMessage({ type: 'request', requestId: 6, request: { type: 'undoDelete', taskId: day.rows[2].id } }),
    );
    assert.equal(restored.rows.length, 3);
  });

  it('panel totals: a task on the wall-clock fallback is counted and left out of the second weighted leverage', async () => {
    const api = await leverageApi();
    const today = dayOf(Date.now());
    const file = path.join(tmp, 'sheet-today.csv');
    fs.writeFileSync(file, ['#,Task,Human Est.,AI,Sup.,Tokens,Leverage,Date', `1,Measured elsewhere,8h,12m,,,,${today}`].join('\r\n'));
    await vscode.commands.executeCommand('leverage.importCsv', { uri: file, badRows: 'importGood' });
    if (api.running()) await vscode.commands.executeCommand('leverage.stopTask', { estimateHours: 1 });
    await vscode.commands.executeCommand('leverage.startTask', { title: 'No agent seen' });
    const stopped = await vscode.commands.executeCommand<Task>('leverage.stopTask', { estimateHours: 1 });
    assert.equal(stopped.aiSource, 'wallclock');

    const data = replyData(await api.panelMessage({ type: 'request', requestId: 30, request: { type: 'load', view: dayView(today) } }));
    const wall = data.rows.filter((r) => r.aiSource === 'wallclock');
    assert.ok(wall.length >= 1);
    assert.equal(data.totals.wallclockCount, wall.length);
    // The expected figure is weighed here from the rows, independently of the host's totals.
    const kept = data.rows.filter((r) => r.aiSource !== 'wallclock' && r.humanHours !== null && (r.aiMinutes ?? 0) > 0);
    const hours = kept.reduce((sum, r) => sum + (r.humanHours ?? 0), 0);
    const minutes = kept.reduce((sum, r) => sum + (r.aiMinutes ?? 0), 0);
    assert.equal(data.totals.text.measuredLeverage, formatFactor((hours * 60) / minutes));
    assert.notEqual(data.totals.text.measuredLeverage, data.totals.text.leverage, 'the wall-clock task moves the full average');
  });

  it('panel protocol: merging two tasks keeps the totals; an unattributed session can be attached', async () => {
    const api = await leverageApi();
    await importSheet(DAYS.merging, 'importGood');
    const view = dayView(DAYS.merging, 100);
    const before = replyData(await api.panelMessage({ type: 'request', requestId: 10, request: { type: 'load', view } }));
    const merged = replyData(
      await api.panelMessage({
        type: 'request',
        requestId: 11,
        request: { type: 'merge', keepId: before.rows[0].id, mergeId: before.rows[1].id },
      }),
    );
    assert.equal(merged.rows.length, before.rows.length - 1);
    assert.deepEqual(
      [merged.totals.text.humanHours, merged.totals.text.aiMinutes, merged.totals.text.tokens],
      [before.totals.text.humanHours, before.totals.text.aiMinutes, before.totals.text.tokens],
    );

    // A session recorded while no task ran (here written as another window would) shows up and can be attached.
    const { SqliteTaskStore } = await import('../../../src/storage/sqliteStore');
    const initSqlJs = (await import('sql.js')).default;
    const { store: other } = await SqliteTaskStore.open(await initSqlJs(), { file: api.databaseFile });
    const start = new Date(`${DAYS.merging}T09:05:00`).getTime();
    other.putSession({
      id: 'loose-session',
      agent: 'codex',
      workspace: 'w',
      startedAt: start,
      endedAt: start + 120_000,
      active: [{ start, end: start + 90_000 }],
      measuredBy: 'shell-integration',
      updatedAt: Date.now(),
    });
    await other.close();
    const withLoose = await eventually(
      async () => {
        const data = replyData(await api.panelMessage({ type: 'request', requestId: 12, request: { type: 'load', view } }));
        return data.unattributed.some((s) => s.id === 'loose-session') ? data : undefined;
      },
      'the unattributed session in the panel',
      20_000,
    );
    const attached = replyData(
      await api.panelMessage({
        type: 'request',
        requestId: 13,
        request: { type: 'attach', sessionIds: ['loose-session'], taskId: withLoose.rows[0].id },
      }),
    );
    assert.equal(
      attached.unattributed.some((s) => s.id === 'loose-session'),
      false,
    );
    const empty = await api.panelMessage({
      type: 'request',
      requestId: 14,
      request: { type: 'attach', sessionIds: [], taskId: withLoose.rows[0].id },
    });
    assert.ok(empty?.type === 'reply' && !empty.ok, 'attaching nothing is refused with a message');
  });

  it('the panel is one instance: opening it again reveals the same tab', async () => {
    await vscode.commands.executeCommand('leverage.openPanel');
    await vscode.commands.executeCommand('leverage.openPanel');
    const tabs = await eventually(() => {
      const found = vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .filter((t) => t.input instanceof vscode.TabInputWebview && t.label === 'Leverage Record');
      return found.length > 0 ? found : undefined;
    }, 'the panel tab');
    assert.equal(tabs.length, 1);
  });
});

describe('live updates from another window (real extension host)', function () {
  this.timeout(60_000);

  it('a task saved by another window appears in the panel without any action here', async () => {
    const api = await leverageApi();
    await vscode.commands.executeCommand('leverage.openPanel');
    await api.panelReady();
    // The panel shows the day the other window writes to; from here on nothing is asked of the host.
    replyData(await api.panelMessage({ type: 'request', requestId: 98, request: { type: 'load', view: dayView(DAYS.live) } }));
    const pushes: PanelData[] = [];
    const unsubscribe = api.onPanelPush((data) => pushes.push(data));
    // Another window is another process with its own in-memory copy of the same file: play its
    // part with a second store on the same file, exactly as that window's extension would.
    const { SqliteTaskStore } = await import('../../../src/storage/sqliteStore');
    const initSqlJs = (await import('sql.js')).default;
    const { store: other } = await SqliteTaskStore.open(await initSqlJs(), { file: api.databaseFile });
    const start = new Date(`${DAYS.live}T15:00:00`).getTime();
    other.put({
      id: 'from-other-window',
      title: 'Saved in another window',
      workspace: 'elsewhere',
      startedAt: start,
      stoppedAt: start + 600_000,
      humanHours: 1,
      aiMinutes: 10,
      aiSource: 'measured',
      updatedAt: Date.now(),
    });
    await other.close();
    try {
      await eventually(
        () => (pushes.some((d) => d.rows.some((r) => r.title === 'Saved in another window')) ? true : undefined),
        "the host to push the other window's task to the panel",
        20_000,
      );
    } finally {
      unsubscribe();
    }
    // and this window's next save keeps it (reload-apply-save), rather than erasing it
    await vscode.commands.executeCommand('leverage.startTask', { title: 'Saved here after' });
    await vscode.commands.executeCommand('leverage.stopTask', { estimateHours: 1 });
    const titles = (await readTasksOnDisk(api.databaseFile)).map((r) => r.title);
    assert.ok(titles.includes('Saved in another window') && titles.includes('Saved here after'));
  });
});

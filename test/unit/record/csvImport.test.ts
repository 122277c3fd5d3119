import * as assert from 'node:assert/strict';
import { tasksToCsv } from '../../../src/export/csv';
import { parseImport } from '../../../src/export/csvImport';
import type { Task } from '../../../src/domain/task';
import { LAPTOP as HERE } from '../../support/machines';

const now = Date.UTC(2026, 10, 24, 12);

describe('CSV import', () => {
  it('our own export round-trips exactly: parse → tasks → export gives the same bytes', () => {
    const tasks: Task[] = [
      {
        id: 'a1',
        title: 'Add CSV export, with "quotes"',
        workspace: '',
        startedAt: Date.UTC(2026, 10, 20, 9, 0, 0),
        stoppedAt: Date.UTC(2026, 10, 20, 9, 12, 30),
        humanHours: 8,
        aiMinutes: 12.345,
        aiSource: 'measured',
        supMinutes: 3.5,
        supSource: 'measured',
        tokens: 95_000,
        tokensSource: 'measured',
        updatedAt: 1,
      },
      {
        id: 'b2',
        title: '=HYPERLINK("x")',
        workspace: '',
        startedAt: Date.UTC(2026, 10, 20, 10, 0, 0),
        stoppedAt: Date.UTC(2026, 10, 20, 11, 0, 0),
        humanHours: 1.5,
        aiMinutes: 60,
        aiSource: 'wallclock',
        updatedAt: 1,
      },
    ];
    const csv = tasksToCsv(tasks, HERE);
    const parsed = parseImport(csv, now);
    assert.equal(parsed.kind, 'own');
    assert.deepEqual(parsed.errors, []);
    const back: Task[] = parsed.rows.map((r) => ({
      id: r.id!,
      title: r.title,
      workspace: '',
      startedAt: r.startedAt,
      stoppedAt: r.stoppedAt,
      humanHours: r.humanHours,
      aiMinutes: r.aiMinutes,
      supMinutes: r.supMinutes,
      tokens: r.tokens,
      updatedAt: 2,
    }));
    assert.equal(back[1].title, '=HYPERLINK("x")', 'the formula guard is taken off again');
    assert.equal(tasksToCsv(back, HERE), csv);
  });

  it('reads our exports from before the Machine column as our own, merged by Id', () => {
    const old =
      '\uFEFFTask,Started,Stopped,Human Est. (h),AI (min),Sup. (min),Tokens,Leverage,Sup. Leverage,Id\r\n' +
      'Older export,2026-11-20T09:00:00Z,2026-11-20T10:00:00Z,2,30,,,4.0,,x1\r\n';
    const parsed = parseImport(old, now);
    assert.equal(parsed.kind, 'own');
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(
      parsed.rows.map((r) => [r.id, r.title, r.humanHours, r.aiMinutes]),
      [['x1', 'Older export', 2, 30]],
    );
  });

  it('reads a hand-kept record: synonyms, units, k/M tokens, optional date, ignored columns', () => {
    const csv = [
      '#,Task,Human estimate,Claude time,Supervisory,Tokens,Factor,Date',
      '1,Design doc for desktop app,16h,12m,2m,350k,80.0x,2026-11-20',
      '2,Fix flaky test,0.75h,1h 5m,,~2.6M,,2026-11-20',
      '3,No AI time recorded,2,,,,,',
    ].join('\n');
    const parsed = parseImport(csv, now);
    assert.equal(parsed.kind, 'sheet');
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(
      parsed.rows.map((r) => [r.line, r.title, r.humanHours, r.aiMinutes, r.supMinutes, r.tokens]),
      [
        [2, 'Design doc for desktop app', 16, 12, 2, 350_000],
        [3, 'Fix flaky test', 0.75, 65, undefined, 2_600_000],
        [4, 'No AI time recorded', 2, undefined, undefined, undefined],
      ],
    );
    assert.equal(new Date(parsed.rows[0].startedAt).getDate(), 20);
    assert.equal(parsed.rows[2].startedAt, now, 'no date: imported as of now');
  });

  it('reports every bad row with its line number and reason', () => {
    const csv =
      'Task,Estimate,AI,Tokens,Date\nGood,8h,12m,1k,2026-11-20\n,8h,,,\nBad estimate,abc,,,\nBad minutes,2h,soon,,\nBad tokens,2h,,lots,\nBad date,2h,,,2026-13-45\n';
    const parsed = parseImport(csv, now);
    assert.deepEqual(
      parsed.rows.map((r) => r.title),
      ['Good'],
    );
    assert.deepEqual(
      parsed.errors.map((e) => e.line),
      [3, 4, 5, 6, 7],
    );
    assert.match(parsed.errors[0].reason, /name is empty/);
    assert.match(parsed.errors[1].reason, /"abc" is not a duration/);
    assert.match(parsed.errors[2].reason, /AI: "soon"/);
    assert.match(parsed.errors[3].reason, /Tokens: "lots"/);
    assert.match(parsed.errors[4].reason, /not a date/);
  });

  it('rejects a file without the needed columns, or empty', () => {
    assert.match(parseImport('Name,Hours\nx,1\n', now).errors[0].reason, /Human Est/);
    assert.match(parseImport('', now).errors[0].reason, /empty/);
  });
});

import * as assert from 'node:assert/strict';
import { formatISO } from 'date-fns';
import { csvRow, neutraliseFormula, tasksToCsv } from '../../../src/export/csv';
import type { Task } from '../../../src/domain/task';
import { LAPTOP as HERE } from '../../support/machines';

const start = Date.UTC(2026, 10, 24, 9, 0, 0);
const base: Task = {
  id: 'a',
  title: 'Add CSV export with tests',
  workspace: '',
  startedAt: start,
  stoppedAt: start + 12 * 60_000,
  humanHours: 8,
  aiMinutes: 12,
  aiSource: 'measured',
  supMinutes: 3,
  supSource: 'measured',
  tokens: 95_000,
  updatedAt: start,
};

describe('CSV export', () => {
  it('writes the header and a row with plain numbers, BOM, CRLF', () => {
    const csv = tasksToCsv([base], HERE);
    assert.equal(
      csv,
      '\uFEFFTask,Started,Stopped,Human Est. (h),AI (min),Sup. (min),Tokens,Leverage,Sup. Leverage,Id,Machine\r\n' +
        `Add CSV export with tests,${formatISO(start)},${formatISO(start + 12 * 60_000)},8,12,3,95000,40.0,160.0,a,laptop\r\n`,
    );
  });

  it('writes instants as ISO 8601 with an offset', () => {
    const [, started] = csvRow(base, HERE);
    assert.match(started, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$/);
  });

  it('quotes commas, quotes and newlines per RFC 4180', () => {
    const csv = tasksToCsv([{ ...base, title: 'a, "b"\nc' }], HERE);
    assert.ok(csv.includes('\r\n"a, ""b""\nc",'), csv);
  });

  it('neutralises cells a spreadsheet would run as a formula', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) {
      assert.equal(neutraliseFormula(`${start}1+1`), `'${start}1+1`);
    }
    assert.equal(neutraliseFormula('1+1'), '1+1');
    const csv = tasksToCsv([{ ...base, title: '=HYPERLINK("http://x","y")' }], HERE);
    assert.ok(csv.includes(`\r\n"'=HYPERLINK(""http://x"",""y"")",`), csv);
  });

  it('leaves undefined figures empty: a running task, no sup. time, no tokens', () => {
    const running: Task = { id: 'b', title: 'Running', workspace: '', startedAt: start, updatedAt: start };
    assert.deepEqual(csvRow(running, HERE), ['Running', formatISO(start), '', '', '', '', '', '', '', 'b', 'laptop']);
  });

  it('names the machine each task was recorded on: this one, or the one its sync file came from', () => {
    const [, remote] = tasksToCsv([base, { ...base, id: 'r', machine: { id: 'm', name: 'desktop' } }], HERE)
      .split('\r\n')
      .slice(1);
    assert.equal(csvRow(base, HERE).at(-1), HERE.name);
    assert.ok(remote.endsWith(',r,desktop'), remote);
  });

  it('keeps non-ASCII titles as UTF-8', () => {
    const csv = tasksToCsv([{ ...base, title: 'Überarbeitung 日本 🚀' }], HERE);
    assert.ok(Buffer.from(csv, 'utf8').toString('utf8').includes('Überarbeitung 日本 🚀'));
  });
});

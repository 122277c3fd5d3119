import * as assert from 'node:assert/strict';
import { parseGitLog } from '../../../src/watchers/gitLogParser';

const RS = '\x1e';
const FS = '\x1f';
const h1 = 'a'.repeat(40);
const h2 = 'b'.repeat(40);

describe('parseGitLog', () => {
  it('reads hash, subject, times and numstat totals; binary files count as files without lines', () => {
    const out =
      `${RS}${h1}${FS}1700000000${FS}1700000060${FS}Add CSV export\n\n10\t2\tsrc/csv.ts\n5\t0\ttest/csv.test.ts\n-\t-\tmedia/logo.png\n` +
      `${RS}${h2}${FS}1699990000${FS}1699990000${FS}Subject with \t tab and ${'ünïcode'}\n\n`;
    assert.deepEqual(parseGitLog(out), [
      {
        hash: h1,
        subject: 'Add CSV export',
        authoredAt: 1_700_000_000_000,
        committedAt: 1_700_000_060_000,
        files: 3,
        insertions: 15,
        deletions: 2,
      },
      {
        hash: h2,
        subject: 'Subject with \t tab and ünïcode',
        authoredAt: 1_699_990_000_000,
        committedAt: 1_699_990_000_000,
        files: 0,
        insertions: 0,
        deletions: 0,
      },
    ]);
  });

  it('skips malformed records and returns nothing for empty output', () => {
    assert.deepEqual(parseGitLog(''), []);
    assert.deepEqual(parseGitLog(`${RS}not-a-hash${FS}1${FS}2${FS}x\n`), []);
  });
});

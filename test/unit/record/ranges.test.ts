import * as assert from 'node:assert/strict';
import { parseDay, resolveRange } from '../../../src/app/ranges';

describe('ranges (local time, date-fns)', () => {
  const now = new Date(2026, 10, 25, 15, 30).getTime(); // Wednesday 25 Nov 2026

  it('today, yesterday, week (Monday or Sunday start), month, custom', () => {
    const day = (y: number, m: number, d: number) => new Date(y, m, d).getTime();
    assert.deepEqual(resolveRange({ kind: 'today' }, now, 1), { from: day(2026, 10, 25), to: day(2026, 10, 26), label: '2026-11-25' });
    assert.equal(resolveRange({ kind: 'yesterday' }, now, 1).from, day(2026, 10, 24));
    assert.equal(resolveRange({ kind: 'week' }, now, 1).from, day(2026, 10, 23));
    assert.equal(resolveRange({ kind: 'week' }, now, 1).to, day(2026, 10, 30));
    assert.equal(resolveRange({ kind: 'week' }, now, 0).from, day(2026, 10, 22));
    assert.deepEqual(
      [resolveRange({ kind: 'month' }, now, 1).from, resolveRange({ kind: 'month' }, now, 1).to],
      [day(2026, 10, 1), day(2026, 11, 1)],
    );
    assert.deepEqual(resolveRange({ kind: 'custom', from: '2026-11-20', to: '2026-11-18' }, now, 1), {
      from: day(2026, 10, 18),
      to: day(2026, 10, 21),
      label: '2026-11-18 – 2026-11-20',
    });
  });

  it('parses only real calendar days', () => {
    assert.ok(parseDay('2026-02-28'));
    assert.equal(parseDay('2026-02-30'), undefined);
    assert.equal(parseDay('yesterday'), undefined);
  });
});

import * as assert from 'node:assert/strict';
import { agentTime, parseTimestamp } from '../../../src/logs/json';
import { prng } from '../../support/prng';

describe('parseTimestamp', () => {
  it('gives what Date.parse gives on 20,000 agent-style times, with and without milliseconds, some with a character replaced', () => {
    const rnd = prng(11);
    for (let i = 0; i < 20_000; i++) {
      let s = new Date(Math.floor(rnd() * 4e12)).toISOString();
      if (i % 2 === 1) s = `${s.slice(0, 19)}Z`;
      if (i % 5 === 0) {
        // A digit out of range, a letter or a separator where a digit belongs.
        const at = Math.floor(rnd() * s.length);
        s = s.slice(0, at) + String.fromCharCode(0x2d + Math.floor(rnd() * 14)) + s.slice(at + 1);
      }
      const ms = Date.parse(s);
      assert.equal(parseTimestamp(s), Number.isNaN(ms) ? undefined : ms, s);
    }
  });

  it('reads, itself and without Date.parse, what Date.parse gives on every day 1 to 31 of every month from 1970 to 2400, with and without milliseconds', () => {
    for (let year = 1970; year <= 2400; year++)
      for (let month = 1; month <= 12; month++)
        for (let day = 1; day <= 31; day++)
          for (const s of [
            `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T23:59:58.999Z`,
            `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T00:00:01Z`,
          ]) {
            assert.equal(agentTime(Buffer.from(s), 0, s.length), Date.parse(s), s);
            assert.equal(parseTimestamp(s), Date.parse(s), s);
          }
  });

  it('reads days a month lacks, leap days and other forms as Date.parse does', () => {
    for (const s of [
      '2025-02-30T00:00:00Z',
      '2024-02-29T23:59:59.999Z',
      '2025-01-01T24:00:00Z',
      '2025-01-01T10:00:00.1Z',
      '2025-01-01T10:00:00+02:00',
      '+002025-01-01T10:00:00Z',
    ])
      assert.equal(parseTimestamp(s), Date.parse(s), s);
    for (const s of ['2025-13-01T00:00:00Z', 'yesterday', '']) assert.equal(parseTimestamp(s), undefined, s);
    assert.equal(parseTimestamp(1_700_000_000_000), undefined);
  });
});

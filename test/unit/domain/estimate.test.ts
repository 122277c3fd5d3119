import * as assert from 'node:assert/strict';
import { parseEstimate, parseMinutes } from '../../../src/domain/estimate';

describe('parseEstimate', () => {
  const accepted: [string, number][] = [
    ['8', 8],
    ['8h', 8],
    ['1.5h', 1.5],
    ['1,5h', 1.5],
    ['90m', 1.5],
    ['1h30m', 1.5],
    ['1h 30m', 1.5],
    ['1h30', 1.5],
    [' 2 hours ', 2],
    ['45 min', 0.75],
    ['0.25', 0.25],
    ['.5h', 0.5],
    ['10000', 10_000],
    ['8H', 8],
  ];
  for (const [text, hours] of accepted) {
    it(`reads "${text}" as ${hours} h`, () => {
      const result = parseEstimate(text);
      assert.deepEqual(result, { ok: true, value: hours });
    });
  }

  const rejected: [string, RegExp][] = [
    ['', /empty/],
    ['   ', /empty/],
    ['abc', /"abc" is not a duration/],
    ['0', /more than zero/],
    ['0h', /more than zero/],
    ['-3', /more than zero/],
    ['-3h', /more than zero/],
    ['Infinity', /not a duration/],
    ['NaN', /not a duration/],
    ['1e309', /not a duration/],
    ['10001', /more than 10,000 hours/],
    ['8 days', /not a duration/],
    ['1h30m20s', /not a duration/],
  ];
  for (const [text, message] of rejected) {
    it(`rejects "${text}" and says what is accepted`, () => {
      const result = parseEstimate(text);
      assert.equal(result.ok, false);
      if (!result.ok) {
        assert.match(result.message, message);
        if (!/10,000/.test(result.message)) assert.match(result.message, /8h, 1\.5h, 1,5h, 90m or 1h30m/);
      }
    });
  }
});

describe('parseMinutes (corrections)', () => {
  for (const [text, minutes] of [
    ['12', 12],
    ['12m', 12],
    ['1h5m', 65],
    ['0', 0],
    ['1,5', 1.5],
    ['2h', 120],
  ] as const) {
    it(`reads "${text}" as ${minutes} min`, () => assert.deepEqual(parseMinutes(text), { ok: true, value: minutes }));
  }
  for (const text of ['', 'abc', '-5', '200h']) {
    it(`rejects "${text}"`, () => assert.equal(parseMinutes(text).ok, false));
  }
});

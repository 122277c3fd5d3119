import * as assert from 'node:assert/strict';
import { sumBuckets, tokenTotal, type UsageRecord } from '../../../src/domain/tokens';
import { mergeUsage } from '../../../src/logs/usage';

function ev(key: string, output: number, timestamp = 0): UsageRecord {
  return { agent: 'claude', key, timestamp, input: 1, output, cacheCreation: 10, cacheRead: 100 };
}

describe('usage', () => {
  it('tokenTotal adds the four buckets', () => {
    assert.equal(tokenTotal(ev('k', 5)), 116);
  });

  it('mergeUsage keeps one event per key, the largest copy, whatever the order', () => {
    const merged = mergeUsage([ev('a', 1, 1), ev('b', 7), ev('a', 300, 3), ev('a', 2, 2)]);
    assert.deepEqual(
      merged.map((e) => [e.key, e.output, e.timestamp]),
      [
        ['a', 300, 3],
        ['b', 7, 0],
      ],
    );
  });

  it('mergeUsage keeps the first of equal copies', () => {
    assert.equal(mergeUsage([ev('a', 5, 1), ev('a', 5, 2)])[0].timestamp, 1);
  });

  it('sumBuckets sums bucket by bucket', () => {
    assert.deepEqual(sumBuckets([ev('a', 1), ev('b', 2)]), { input: 2, output: 3, cacheCreation: 20, cacheRead: 200 });
  });
});

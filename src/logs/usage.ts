import type { UsageRecord } from '../domain/tokens';

/** One counted model response; the domain's UsageRecord, named for the readers. */
export type UsageEvent = UsageRecord;

/** Token sums in the four buckets every agent is mapped to. */
export interface UsageTotals {
  input: number;
  output: number;
  cacheCreation: number;
  cacheRead: number;
}

/** All tokens of one event, the measure used to pick among copies of the same response. */
export function totalTokens(e: UsageTotals): number {
  return e.input + e.output + e.cacheCreation + e.cacheRead;
}

/**
 * Deduplicates by key, keeping the copy with the largest total: a streamed response is logged as
 * snapshots whose output grows, so the largest copy is the finished one. Ties keep the first seen.
 */
export function mergeUsage(events: Iterable<UsageEvent>): UsageEvent[] {
  const byKey = new Map<string, UsageEvent>();
  for (const e of events) {
    const kept = byKey.get(e.key);
    if (kept === undefined || totalTokens(e) > totalTokens(kept)) byKey.set(e.key, e);
  }
  return [...byKey.values()];
}

/** Sums events bucket by bucket (callers dedup first with mergeUsage). */
export function sumUsage(events: Iterable<UsageTotals>): UsageTotals {
  const sum: UsageTotals = { input: 0, output: 0, cacheCreation: 0, cacheRead: 0 };
  for (const e of events) {
    sum.input += e.input;
    sum.output += e.output;
    sum.cacheCreation += e.cacheCreation;
    sum.cacheRead += e.cacheRead;
  }
  return sum;
}

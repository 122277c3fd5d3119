import { tokenTotal, type UsageRecord } from '../domain/tokens';

/**
 * Deduplicates by key, keeping the copy with the largest total: a streamed response is logged as
 * snapshots whose output grows, so the largest copy is the finished one. Ties keep the first seen.
 */
export function mergeUsage(events: Iterable<UsageRecord>): UsageRecord[] {
  const byKey = new Map<string, UsageRecord>();
  for (const e of events) {
    const kept = byKey.get(e.key);
    if (kept === undefined || tokenTotal(e) > tokenTotal(kept)) byKey.set(e.key, e);
  }
  return [...byKey.values()];
}

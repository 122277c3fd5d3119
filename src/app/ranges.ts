import { addDays, endOfMonth, endOfWeek, format, isValid, parse, startOfDay, startOfMonth, startOfWeek } from 'date-fns';
import type { RangeSpec } from '../domain/record';

/** Day a week starts on (0 = Sunday … 6 = Saturday), from the `leverage.weekStartsOn` setting. */
export type WeekStart = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** A resolved period: [from, to) in epoch ms, and a label for headings. */
export interface ResolvedRange {
  readonly from: number;
  readonly to: number;
  readonly label: string;
}

const DAY = 'yyyy-MM-dd';

/** Parses `YYYY-MM-DD` as a local calendar day; undefined when malformed. */
export function parseDay(text: string): Date | undefined {
  const date = parse(text, DAY, new Date(0));
  return isValid(date) && format(date, DAY) === text ? date : undefined;
}

/** The local calendar day of an instant, `YYYY-MM-DD` (hand-built: it runs for every row of a range). */
export function dayOf(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Turns a range choice into instants in the local time zone (date-fns handles DST days). */
export function resolveRange(spec: RangeSpec, now: number, weekStartsOn: WeekStart): ResolvedRange {
  const today = startOfDay(now);
  switch (spec.kind) {
    case 'today':
      return { from: today.getTime(), to: addDays(today, 1).getTime(), label: format(today, DAY) };
    case 'yesterday': {
      const y = addDays(today, -1);
      return { from: y.getTime(), to: today.getTime(), label: format(y, DAY) };
    }
    case 'week': {
      const from = startOfWeek(now, { weekStartsOn });
      const last = startOfDay(endOfWeek(now, { weekStartsOn }));
      return { from: from.getTime(), to: addDays(last, 1).getTime(), label: `${format(from, DAY)} – ${format(last, DAY)}` };
    }
    case 'month': {
      const from = startOfMonth(now);
      return { from: from.getTime(), to: addDays(startOfDay(endOfMonth(now)), 1).getTime(), label: format(from, 'yyyy-MM') };
    }
    case 'all':
      return { from: 0, to: Number.MAX_SAFE_INTEGER, label: 'All time' };
    case 'custom': {
      const from = parseDay(spec.from) ?? today;
      const to = parseDay(spec.to) ?? today;
      const [a, b] = from <= to ? [from, to] : [to, from];
      const label = a.getTime() === b.getTime() ? format(a, DAY) : `${format(a, DAY)} – ${format(b, DAY)}`;
      return { from: a.getTime(), to: addDays(b, 1).getTime(), label };
    }
  }
}

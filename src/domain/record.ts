/**
 * The vocabulary of the record that the use cases, the panel host and the webview share. Each
 * list is declared once; the types derive from it, so adding an entry is one edit that the
 * compiler follows everywhere (and the webview boundary parses against the same list).
 */

/** The periods the record can be read over. */
export const RANGE_KINDS = ['today', 'yesterday', 'week', 'month', 'all', 'custom'] as const;

/** One of `RANGE_KINDS`. */
export type RangeKind = (typeof RANGE_KINDS)[number];

/** A period of the record; dates are local calendar days `YYYY-MM-DD` (custom `to` inclusive). */
export type RangeSpec =
  { readonly kind: Exclude<RangeKind, 'custom'> } | { readonly kind: 'custom'; readonly from: string; readonly to: string };

/** The fields of a task the user can correct after the fact. */
export const EDITABLE_FIELDS = ['title', 'estimate', 'aiMinutes', 'supMinutes'] as const;

/** One of `EDITABLE_FIELDS`. */
export type EditableField = (typeof EDITABLE_FIELDS)[number];

/** A row ready to become a stopped task. */
export interface ImportRow {
  readonly line: number;
  /** Present for our own export, so a re-import merges instead of duplicating. */
  readonly id?: string;
  readonly title: string;
  readonly startedAt: number;
  readonly stoppedAt: number;
  readonly humanHours: number;
  readonly aiMinutes?: number;
  readonly supMinutes?: number;
  readonly tokens?: number;
}

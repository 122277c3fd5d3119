/**
 * The typed messages between the panel host (extension) and the panel webview (browser bundle).
 * Both sides import only this file from each other; it imports nothing.
 */

/** A period of the record; dates are local calendar days `YYYY-MM-DD` (custom `to` inclusive). */
export type RangeSpec =
  | { readonly kind: 'today' | 'yesterday' | 'week' | 'month' | 'all' }
  | { readonly kind: 'custom'; readonly from: string; readonly to: string };

/** Columns the task log can be sorted by. */
export type SortKey = 'index' | 'title' | 'human' | 'ai' | 'sup' | 'tokens' | 'leverage' | 'supLeverage' | 'commits';

/** How the task log is sorted; undefined figures always sort last. */
export interface SortSpec {
  readonly key: SortKey;
  readonly descending: boolean;
}

/** What the panel asks to see: a range, a sort, and how many rows (the log is paged). */
export interface ViewSpec {
  readonly range: RangeSpec;
  readonly sort: SortSpec;
  readonly limit: number;
}

/** One task as the panel shows it: numbers for sorting, text formatted like the record. */
export interface RowView {
  readonly id: string;
  readonly title: string;
  readonly startedAt: number;
  readonly day: string;
  readonly running: boolean;
  readonly humanHours: number | null;
  readonly aiMinutes: number | null;
  readonly aiSource: string | null;
  /** Where measured AI minutes came from, e.g. `claude records + terminal`. */
  readonly aiVia: string | null;
  readonly supMinutes: number | null;
  readonly supSource: string | null;
  readonly tokens: number | null;
  readonly leverage: number | null;
  readonly supLeverage: number | null;
  readonly commits: number;
  /** Record-style text: `16h`, `12m`, `350k`, `80.0x`, `—`. */
  readonly text: {
    readonly human: string;
    readonly ai: string;
    readonly sup: string;
    readonly tokens: string;
    readonly leverage: string;
    readonly supLeverage: string;
  };
  /** Tooltip for the tokens cell: the split by kind. */
  readonly tokensTitle: string;
}

/** The aggregate statistics of the range (stopped tasks only). */
export interface TotalsView {
  readonly taskCount: number;
  readonly runningCount: number;
  /** Stopped tasks whose AI minutes are the wall-clock fallback (no agent measured). */
  readonly wallclockCount: number;
  readonly text: {
    readonly humanHours: string;
    readonly aiMinutes: string;
    readonly supMinutes: string;
    readonly tokens: string;
    readonly leverage: string;
    readonly supLeverage: string;
    /** Estimated cost at list prices, only when the user turned the estimate on. */
    readonly cost: string | null;
  };
}

/** Weighted leverage of one day, for the chart over time. */
export interface DayPoint {
  readonly day: string;
  readonly leverage: number | null;
}

/** An agent session that ran without a task. */
export interface SessionView {
  readonly id: string;
  readonly label: string;
}

/** Everything the panel shows for one range. */
export interface PanelData {
  readonly view: ViewSpec;
  readonly rangeLabel: string;
  /** The first `view.limit` rows in the sort order; `totalRows` says how many the range has. */
  readonly rows: readonly RowView[];
  readonly totalRows: number;
  readonly totals: TotalsView;
  readonly days: readonly DayPoint[];
  readonly unattributed: readonly SessionView[];
}

/** A field the user can edit in the task log. */
export type EditableField = 'title' | 'estimate' | 'aiMinutes' | 'supMinutes';

/** Requests from the webview; each carries an id that its reply echoes. */
export type WebviewRequest =
  | { readonly type: 'load'; readonly view: ViewSpec }
  | { readonly type: 'edit'; readonly taskId: string; readonly field: EditableField; readonly value: string }
  | { readonly type: 'delete'; readonly taskId: string }
  | { readonly type: 'undoDelete'; readonly taskId: string }
  | { readonly type: 'merge'; readonly keepId: string; readonly mergeId: string }
  | { readonly type: 'attach'; readonly sessionIds: readonly string[]; readonly taskId: string }
  | { readonly type: 'exportMarkdown'; readonly range: RangeSpec }
  | { readonly type: 'exportCsv' }
  | { readonly type: 'importCsv' };

/** Messages from the webview. */
export type WebviewMessage =
  /** `hasData`: the webview already shows the data inlined in its page, so none needs sending. */
  | { readonly type: 'ready'; readonly hasData?: boolean }
  | { readonly type: 'request'; readonly requestId: number; readonly request: WebviewRequest };

/** Messages from the host. */
export type HostMessage =
  | { readonly type: 'data'; readonly data: PanelData }
  | { readonly type: 'reply'; readonly requestId: number; readonly ok: true; readonly data?: PanelData }
  | { readonly type: 'reply'; readonly requestId: number; readonly ok: false; readonly message: string };

/** Request types the host accepts; anything else from the webview is dropped (allow-list). */
export const REQUEST_TYPES: readonly WebviewRequest['type'][] = ['load', 'edit', 'delete', 'undoDelete', 'merge', 'attach', 'exportMarkdown', 'exportCsv', 'importCsv'];

/**
 * The typed messages between the panel host (extension) and the panel webview (browser bundle).
 * Both sides import only this file from each other; it imports only the pure vocabulary of
 * `domain/record.ts`. Lists are declared once as `const` arrays and the types derive from them;
 * `parseMessage.ts` checks what arrives against the same lists.
 */
import { EDITABLE_FIELDS, RANGE_KINDS, type EditableField, type RangeKind, type RangeSpec } from '../domain/record';

export { EDITABLE_FIELDS, RANGE_KINDS, type EditableField, type RangeKind, type RangeSpec };

/** Columns the task log can be sorted by. */
export const SORT_KEYS = ['index', 'title', 'human', 'ai', 'sup', 'tokens', 'leverage', 'supLeverage', 'commits', 'machine'] as const;

/** One of `SORT_KEYS`. */
export type SortKey = (typeof SORT_KEYS)[number];

/** How the task log is sorted; undefined figures always sort last. */
export interface SortSpec {
  readonly key: SortKey;
  readonly descending: boolean;
}

/** What the panel asks to see: a range, a sort, how many rows (the log is paged), and whose tasks. */
export interface ViewSpec {
  readonly range: RangeSpec;
  readonly sort: SortSpec;
  readonly limit: number;
  /** Only the tasks recorded on this machine (its id); every machine's when absent. */
  readonly machine?: string;
}

/** A machine whose tasks the record holds; the first is always this one. */
export interface MachineView {
  readonly id: string;
  readonly name: string;
}

/** Rows per page of the task log; "Show more" adds another page. */
export const PAGE_ROWS = 100;

/** What the panel shows first: today, in start order, one page of rows. */
export const DEFAULT_VIEW: ViewSpec = { range: { kind: 'today' }, sort: { key: 'index', descending: false }, limit: PAGE_ROWS };

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
  /** The machine the task was recorded on, for tasks from another machine's sync file; null for this machine. */
  readonly machine: string | null;
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
  /** Tooltip for the estimate cell: the second opinion shown when the task stopped; '' when none was. */
  readonly opinionTitle: string;
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
    /** Weighted leverage without the wall-clock tasks; null when no task rests on the fallback. */
    readonly measuredLeverage: string | null;
    /** Estimated cost at list prices, only when the user turned the estimate on. */
    readonly cost: string | null;
    /** How the estimates compare with the second opinions shown at stop; null when no task has one. */
    readonly opinion: string | null;
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
  /** Machines the record has tasks of, this one first; the panel offers a filter and a column once there are two. */
  readonly machines: readonly MachineView[];
}

/** A request of one allow-listed type (a type outside `REQUEST_TYPES` does not compile). */
type Request<T extends RequestType, Fields = unknown> = { readonly type: T } & Fields;

/** Requests from the webview; each carries an id that its reply echoes. */
export type WebviewRequest =
  | Request<'load', { readonly view: ViewSpec }>
  | Request<'edit', { readonly taskId: string; readonly field: EditableField; readonly value: string }>
  | Request<'delete', { readonly taskId: string }>
  | Request<'undoDelete', { readonly taskId: string }>
  | Request<'merge', { readonly keepId: string; readonly mergeId: string }>
  | Request<'attach', { readonly sessionIds: readonly string[]; readonly taskId: string }>
  | Request<'exportMarkdown', { readonly range: RangeSpec }>
  | Request<'exportCsv'>
  | Request<'importCsv'>;

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

/** Request types the host accepts; anything else from the webview is refused (allow-list). */
export const REQUEST_TYPES = [
  'load',
  'edit',
  'delete',
  'undoDelete',
  'merge',
  'attach',
  'exportMarkdown',
  'exportCsv',
  'importCsv',
] as const;

/** One of `REQUEST_TYPES`; the parser has one case per type, so the compiler checks both lists. */
export type RequestType = (typeof REQUEST_TYPES)[number];

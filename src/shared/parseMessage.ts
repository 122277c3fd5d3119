/**
 * Parses what the webview posts into a typed message, field by field, against the lists declared
 * in `protocol.ts`. Nothing from the webview is cast: a message that does not parse is refused,
 * and unknown extra fields are dropped.
 */
import {
  EDITABLE_FIELDS,
  RANGE_KINDS,
  REQUEST_TYPES,
  SORT_KEYS,
  type RangeSpec,
  type RequestType,
  type ViewSpec,
  type WebviewMessage,
  type WebviewRequest,
} from './protocol';

/** A parsed message, or why it was refused (with the request id when there is one to reply to). */
export type ParsedMessage =
  { readonly ok: true; readonly message: WebviewMessage } | { readonly ok: false; readonly problem: string; readonly requestId?: number };

/** The most rows one page of the log may ask for. */
const MAX_LIMIT = 100_000;

type Fields = Readonly<Record<string, unknown>>;

/** Thrown inside the parser only; turned into a refusal at its edge. */
class Invalid extends Error {}

function record(raw: unknown, what: string): Fields {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Invalid(`${what} is not an object`);
  return raw as Fields;
}

function str(fields: Fields, key: string): string {
  const value = fields[key];
  if (typeof value !== 'string') throw new Invalid(`"${key}" is not a string`);
  return value;
}

function oneOf<T extends string>(list: readonly T[], value: unknown, key: string): T {
  const found = list.find((item) => item === value);
  if (found === undefined) throw new Invalid(`"${key}" is not one of ${list.join(', ')}`);
  return found;
}

function parseRange(raw: unknown): RangeSpec {
  const fields = record(raw, 'range');
  const kind = oneOf(RANGE_KINDS, fields.kind, 'kind');
  return kind === 'custom' ? { kind, from: str(fields, 'from'), to: str(fields, 'to') } : { kind };
}

/** A view (range, sort, page size, optional machine); the page size is clamped. */
function parseView(raw: unknown): ViewSpec {
  const fields = record(raw, 'view');
  const sort = record(fields.sort, 'sort');
  if (typeof sort.descending !== 'boolean') throw new Invalid('"descending" is not a boolean');
  const limit = fields.limit;
  if (typeof limit !== 'number' || !Number.isFinite(limit)) throw new Invalid('"limit" is not a number');
  if (fields.machine !== undefined && typeof fields.machine !== 'string') throw new Invalid('"machine" is not a string');
  return {
    range: parseRange(fields.range),
    sort: { key: oneOf(SORT_KEYS, sort.key, 'key'), descending: sort.descending },
    limit: Math.min(MAX_LIMIT, Math.max(1, Math.trunc(limit))),
    ...(fields.machine === undefined ? {} : { machine: fields.machine }),
  };
}

function parseRequest(fields: Fields): WebviewRequest {
  const type: RequestType = oneOf(REQUEST_TYPES, fields.type, 'type');
  switch (type) {
    case 'load':
      return { type, view: parseView(fields.view) };
    case 'edit':
      return { type, taskId: str(fields, 'taskId'), field: oneOf(EDITABLE_FIELDS, fields.field, 'field'), value: str(fields, 'value') };
    case 'delete':
    case 'undoDelete':
      return { type, taskId: str(fields, 'taskId') };
    case 'merge':
      return { type, keepId: str(fields, 'keepId'), mergeId: str(fields, 'mergeId') };
    case 'attach': {
      const ids = fields.sessionIds;
      if (!Array.isArray(ids) || !ids.every((id): id is string => typeof id === 'string'))
        throw new Invalid('"sessionIds" is not a list of strings');
      return { type, sessionIds: ids, taskId: str(fields, 'taskId') };
    }
    case 'exportMarkdown':
      return { type, range: parseRange(fields.range) };
    case 'exportCsv':
    case 'importCsv':
      return { type };
  }
}

/** The `view` field of the state VS Code kept for the webview (`setState`), unparsed. */
export function savedView(state: unknown): unknown {
  return typeof state === 'object' && state !== null && 'view' in state ? state.view : undefined;
}

/** The view VS Code kept for a restored panel, or `fallback` when it is not a valid one. */
export function restoredView(raw: unknown, fallback: ViewSpec): ViewSpec {
  try {
    return parseView(raw);
  } catch (err) {
    if (err instanceof Invalid) return fallback;
    throw err;
  }
}

/** Parses one message posted by the webview. */
export function parseWebviewMessage(raw: unknown): ParsedMessage {
  let requestId: number | undefined;
  try {
    const fields = record(raw, 'message');
    if (fields.type === 'ready') return { ok: true, message: { type: 'ready', hasData: fields.hasData === true } };
    if (fields.type !== 'request') throw new Invalid('"type" is neither ready nor request');
    if (typeof fields.requestId !== 'number' || !Number.isInteger(fields.requestId)) throw new Invalid('"requestId" is not an integer');
    requestId = fields.requestId;
    return { ok: true, message: { type: 'request', requestId, request: parseRequest(record(fields.request, 'request')) } };
  } catch (err) {
    if (!(err instanceof Invalid)) throw err;
    return { ok: false, problem: `Refused a message from the panel: ${err.message}.`, requestId };
  }
}

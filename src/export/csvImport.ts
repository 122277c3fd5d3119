import { parse } from 'csv-parse/sync';
import { parseEstimate, parseMinutes } from '../domain/estimate';
import type { Outcome } from '../domain/outcome';
import type { ImportRow } from '../domain/record';
import { parseTokens } from '../domain/tokens';
import { errorMessage } from '../domain/errorMessage';

/** A row that cannot be imported, and why. */
export interface ImportError {
  readonly line: number;
  readonly reason: string;
}

/** What a CSV file holds: our own export (with Id, Started, Stopped) or a hand-kept record. */
export interface ParsedImport {
  readonly kind: 'own' | 'sheet';
  readonly rows: ImportRow[];
  readonly errors: ImportError[];
}

type Column = 'task' | 'human' | 'ai' | 'sup' | 'tokens' | 'date' | 'started' | 'stopped' | 'id';

/** Header names (lower case, punctuation dropped) and the column they mean; others are ignored. */
const SYNONYMS: Readonly<Record<string, Column>> = {
  task: 'task',
  title: 'task',
  name: 'task',
  'human est': 'human',
  'human est h': 'human',
  'human estimate': 'human',
  estimate: 'human',
  'human hours': 'human',
  human: 'human',
  ai: 'ai',
  'ai time': 'ai',
  'ai min': 'ai',
  'ai minutes': 'ai',
  claude: 'ai',
  'claude time': 'ai',
  'agent time': 'ai',
  agent: 'ai',
  sup: 'sup',
  'sup time': 'sup',
  'sup min': 'sup',
  supervisory: 'sup',
  'supervisory time': 'sup',
  'supervisory minutes': 'sup',
  tokens: 'tokens',
  date: 'date',
  day: 'date',
  started: 'started',
  stopped: 'stopped',
  id: 'id',
};

function normaliseHeader(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Our export neutralised formula-like titles with a leading `'`; take it off again. */
function unneutralise(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

function number(cell: string): number | undefined {
  if (cell.trim() === '') return undefined;
  const n = Number(cell);
  return Number.isFinite(n) && n >= 0 ? n : Number.NaN;
}

/** Reads a date cell: `YYYY-MM-DD` (local day) or any ISO 8601 instant. */
function instant(cell: string): number | undefined {
  const text = cell.trim();
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (day) {
    const d = new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3]));
    return d.getMonth() === Number(day[2]) - 1 ? d.getTime() : undefined;
  }
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : undefined;
}

/** Reads one cell of the current row by the column it means; empty when the sheet lacks it. */
type Cell = (column: Column) => string;

/** The task name of a row, with the CSV formula guard taken off. */
function titleOf(cell: Cell): Outcome<string> {
  const title = unneutralise(cell('task')).replace(/\s+/g, ' ').trim();
  return title ? { ok: true, value: title } : { ok: false, message: 'The task name is empty.' };
}

/** A row of our own export: instants and plain numbers, merged by its id. */
function ownRow(cell: Cell, line: number): Outcome<ImportRow> {
  const title = titleOf(cell);
  if (!title.ok) return title;
  const startedAt = instant(cell('started'));
  const stoppedAt = instant(cell('stopped'));
  const human = number(cell('human'));
  const [ai, sup, tokens] = [number(cell('ai')), number(cell('sup')), number(cell('tokens'))];
  if (startedAt === undefined || stoppedAt === undefined)
    return { ok: false, message: 'Started and Stopped must be ISO 8601 instants (a running task cannot be imported).' };
  if (human === undefined || Number.isNaN(human) || human <= 0)
    return { ok: false, message: `Human Est. "${cell('human')}" must be a positive number of hours.` };
  if ([ai, sup, tokens].some((v) => v !== undefined && Number.isNaN(v)))
    return { ok: false, message: 'AI, Sup. and Tokens must be plain non-negative numbers.' };
  if (!cell('id')) return { ok: false, message: 'The Id is empty.' };
  return {
    ok: true,
    value: { line, id: cell('id'), title: title.value, startedAt, stoppedAt, humanHours: human, aiMinutes: ai, supMinutes: sup, tokens },
  };
}

/** True for a cell that says "no figure". */
function blank(text: string): boolean {
  return text === '' || text === '—' || text === '-';
}

/** A row of a hand-kept sheet: durations and counts as people write them; the n-th row of a day starts n seconds in. */
function sheetRow(cell: Cell, line: number, now: number, index: number): Outcome<ImportRow> {
  const title = titleOf(cell);
  if (!title.ok) return title;
  const estimate = parseEstimate(cell('human'));
  if (!estimate.ok) return { ok: false, message: `Human Est.: ${estimate.message}` };
  const minutes: { ai?: number; sup?: number } = {};
  for (const [column, label] of [
    ['ai', 'AI'],
    ['sup', 'Sup.'],
  ] as const) {
    if (blank(cell(column))) continue;
    const parsed = parseMinutes(cell(column));
    if (!parsed.ok) return { ok: false, message: `${label}: ${parsed.message}` };
    minutes[column] = parsed.value;
  }
  let tokens: number | undefined;
  if (!blank(cell('tokens'))) {
    const parsed = parseTokens(cell('tokens'));
    if (!parsed.ok) return { ok: false, message: `Tokens: ${parsed.message}` };
    tokens = parsed.value;
  }
  let startedAt = now;
  if (cell('date') !== '') {
    const date = instant(cell('date'));
    if (date === undefined) return { ok: false, message: `Date "${cell('date')}" is not a date (use YYYY-MM-DD).` };
    startedAt = date + index * 1000; // keeps the sheet's order within a day
  }
  return {
    ok: true,
    value: {
      line,
      title: title.value,
      startedAt,
      stoppedAt: startedAt + (minutes.ai ?? 0) * 60_000,
      humanHours: estimate.value,
      aiMinutes: minutes.ai,
      supMinutes: minutes.sup,
      tokens,
    },
  };
}

/**
 * Parses a CSV record: our own export (merged by id) or a hand-kept spreadsheet with the
 * record's columns under common names (values like `16h`, `12m`, `1h 5m`, `350k`, `~2.6M`).
 * Every bad row is reported with its line number and reason; nothing is silently dropped.
 */
export function parseImport(text: string, now: number): ParsedImport {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // With `info: true` csv-parse returns {record, info}; its typings do not narrow on that option.
    records = parse(text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      trim: false,
    }) as unknown as typeof records;
  } catch (err) {
    return { kind: 'sheet', rows: [], errors: [{ line: 1, reason: `Not a readable CSV file: ${errorMessage(err)}` }] };
  }
  if (records.length === 0) return { kind: 'sheet', rows: [], errors: [{ line: 1, reason: 'The file is empty.' }] };
  const columns = new Map<Column, number>();
  records[0].record.forEach((h, i) => {
    const column = SYNONYMS[normaliseHeader(h)];
    if (column && !columns.has(column)) columns.set(column, i);
  });
  const own = columns.has('id') && columns.has('started') && columns.has('stopped');
  if (!columns.has('task') || !columns.has('human')) {
    return {
      kind: own ? 'own' : 'sheet',
      rows: [],
      errors: [{ line: records[0].info.lines, reason: 'The header needs at least a Task column and a Human Est. (or Estimate) column.' }],
    };
  }
  const rows: ImportRow[] = [];
  const errors: ImportError[] = [];
  records.slice(1).forEach(({ record, info }, index) => {
    const cell = (c: Column): string => {
      const i = columns.get(c);
      return i === undefined ? '' : (record[i] ?? '').trim();
    };
    const row = own ? ownRow(cell, info.lines) : sheetRow(cell, info.lines, now, index);
    if (row.ok) rows.push(row.value);
    else errors.push({ line: info.lines, reason: row.message });
  });
  return { kind: own ? 'own' : 'sheet', rows, errors };
}

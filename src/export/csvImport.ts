import { parse } from 'csv-parse/sync';
import { parseEstimate, parseMinutes } from '../domain/estimate';
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
  task: 'task', title: 'task', name: 'task',
  'human est': 'human', 'human est h': 'human', 'human estimate': 'human', estimate: 'human', 'human hours': 'human', human: 'human',
  ai: 'ai', 'ai time': 'ai', 'ai min': 'ai', 'ai minutes': 'ai', claude: 'ai', 'claude time': 'ai', 'agent time': 'ai', agent: 'ai',
  sup: 'sup', 'sup time': 'sup', 'sup min': 'sup', supervisory: 'sup', 'supervisory time': 'sup', 'supervisory minutes': 'sup',
  tokens: 'tokens',
  date: 'date', day: 'date',
  started: 'started', stopped: 'stopped', id: 'id',
};

function normaliseHeader(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
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

/**
 * Parses a CSV record: our own export (merged by id) or a hand-kept spreadsheet with the
 * record's columns under common names (values like `16h`, `12m`, `1h 5m`, `350k`, `~2.6M`).
 * Every bad row is reported with its line number and reason; nothing is silently dropped.
 */
export function parseImport(text: string, now: number): ParsedImport {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // With `info: true` csv-parse returns {record, info}; its typings do not narrow on that option.
    records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true, info: true, trim: false }) as unknown as typeof records;
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
    return { kind: own ? 'own' : 'sheet', rows: [], errors: [{ line: records[0].info.lines, reason: 'The header needs at least a Task column and a Human Est. (or Estimate) column.' }] };
  }
  const rows: ImportRow[] = [];
  const errors: ImportError[] = [];
  records.slice(1).forEach(({ record, info }, index) => {
    const cell = (c: Column): string => {
      const i = columns.get(c);
      return i === undefined ? '' : (record[i] ?? '').trim();
    };
    const line = info.lines;
    const fail = (reason: string): void => void errors.push({ line, reason });
    const title = unneutralise(cell('task')).replace(/\s+/g, ' ').trim();
    if (!title) return fail('The task name is empty.');
    if (own) {
      const startedAt = instant(cell('started'));
      const stoppedAt = instant(cell('stopped'));
      const human = number(cell('human'));
      const [ai, sup, tokens] = [number(cell('ai')), number(cell('sup')), number(cell('tokens'))];
      if (startedAt === undefined || stoppedAt === undefined) return fail('Started and Stopped must be ISO 8601 instants (a running task cannot be imported).');
      if (human === undefined || Number.isNaN(human) || human <= 0) return fail(`Human Est. "${cell('human')}" must be a positive number of hours.`);
      if ([ai, sup, tokens].some((v) => v !== undefined && Number.isNaN(v))) return fail('AI, Sup. and Tokens must be plain non-negative numbers.');
      if (!cell('id')) return fail('The Id is empty.');
      rows.push({ line, id: cell('id'), title, startedAt, stoppedAt, humanHours: human, aiMinutes: ai, supMinutes: sup, tokens });
      return;
    }
    const estimate = parseEstimate(cell('human'));
    if (!estimate.ok) return fail(`Human Est.: ${estimate.message}`);
    const parsed: { ai?: number; sup?: number; tokens?: number } = {};
    for (const [column, key] of [['ai', 'ai'], ['sup', 'sup']] as const) {
      if (cell(column) === '' || cell(column) === '—' || cell(column) === '-') continue;
      const minutes = parseMinutes(cell(column));
      if (!minutes.ok) return fail(`${column === 'ai' ? 'AI' : 'Sup.'}: ${minutes.message}`);
      parsed[key] = minutes.value;
    }
    if (cell('tokens') !== '' && cell('tokens') !== '—' && cell('tokens') !== '-') {
      const tokens = parseTokens(cell('tokens'));
      if (!tokens.ok) return fail(`Tokens: ${tokens.message}`);
      parsed.tokens = tokens.value;
    }
    let startedAt = now;
    if (cell('date') !== '') {
      const date = instant(cell('date'));
      if (date === undefined) return fail(`Date "${cell('date')}" is not a date (use YYYY-MM-DD).`);
      startedAt = date + index * 1000; // keeps the sheet's order within a day
    }
    rows.push({ line, title, startedAt, stoppedAt: startedAt + (parsed.ai ?? 0) * 60_000, humanHours: estimate.value, aiMinutes: parsed.ai, supMinutes: parsed.sup, tokens: parsed.tokens });
  });
  return { kind: own ? 'own' : 'sheet', rows, errors };
}

import { stringify } from 'csv-stringify/sync';
import { formatISO } from 'date-fns';
import { taskLeverage, taskSupLeverage } from '../domain/leverage';
import type { Task } from '../domain/task';
import { originOf, type Machine } from '../domain/machine';

/** The CSV header, in the record's column order. */
const CSV_COLUMNS = [
  'Task',
  'Started',
  'Stopped',
  'Human Est. (h)',
  'AI (min)',
  'Sup. (min)',
  'Tokens',
  'Leverage',
  'Sup. Leverage',
  'Id',
  'Machine',
] as const;

/**
 * A spreadsheet evaluates a cell starting with one of these as a formula (OWASP "CSV injection");
 * such cells get a leading apostrophe so they display as typed and never run.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Neutralises a cell that a spreadsheet would treat as a formula. */
export function neutraliseFormula(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

function decimal(value: number | undefined, digits: number): string {
  return value === undefined ? '' : String(Number(value.toFixed(digits)));
}

function instant(ms: number | undefined): string {
  return ms === undefined ? '' : formatISO(ms);
}

/**
 * One CSV row for a task; numbers are plain (no units) so spreadsheets can sum them; minutes keep
 * 3 decimals so an import round-trips. `here` is this machine, for tasks recorded on it.
 */
export function csvRow(task: Task, here: Machine): string[] {
  const lev = taskLeverage(task);
  const supLev = taskSupLeverage(task);
  return [
    task.title,
    instant(task.startedAt),
    instant(task.stoppedAt),
    decimal(task.humanHours, 4),
    decimal(task.aiMinutes, 3),
    decimal(task.supMinutes, 3),
    task.tokens === undefined ? '' : String(task.tokens),
    lev === undefined ? '' : lev.toFixed(1),
    supLev === undefined ? '' : supLev.toFixed(1),
    // After the record's columns; lets an import merge by id instead of duplicating.
    task.id,
    // Last, so files written before it existed keep their column positions.
    originOf(task, here).name,
  ].map(neutraliseFormula);
}

/**
 * The whole CSV document: RFC 4180 (CRLF, quotes doubled), UTF-8 with a byte-order mark so that
 * Excel reads non-ASCII titles correctly, instants as ISO 8601 with the local offset.
 */
export function tasksToCsv(tasks: readonly Task[], here: Machine): string {
  return stringify([[...CSV_COLUMNS], ...tasks.map((t) => csvRow(t, here))], { record_delimiter: 'windows', bom: true });
}

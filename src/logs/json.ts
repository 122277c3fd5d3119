/** A parsed JSON object whose fields are still unchecked. */
export type JsonObject = { readonly [key: string]: unknown };

/** The value as a JSON object, or undefined for anything else (arrays included). */
export function asObject(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

/** A non-empty string, or undefined. */
export function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** True for a finite number (what a persisted parse state must hold where it holds numbers). */
export function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** A token count: finite and non-negative, anything else counts as 0 (logs omit zero buckets). */
export function asCount(value: unknown): number {
  return isFiniteNumber(value) && value > 0 ? value : 0;
}

/** JSON.parse that reports failure as undefined instead of throwing. */
export function parseJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

/** Epoch ms of an ISO timestamp, or undefined when absent or unparsable. */
export function parseTimestamp(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const codes = value.length === 20 || value.length === 24 ? Array.from({ length: value.length }, (_, i) => value.charCodeAt(i)) : [];
  const ms = agentTime(codes, 0, codes.length) ?? Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * A record's time: a string as parseTimestamp reads it, a finite number as epoch ms. A skimmed
 * `time` field (see Field) comes as that number; a number in the JSON itself is taken the same way,
 * by the skimmer and JSON.parse alike (no agent writes one).
 */
export function timeOf(value: unknown): number | undefined {
  return typeof value === 'number' ? (Number.isFinite(value) ? value : undefined) : parseTimestamp(value);
}

const DASH = 0x2d;
const COLON = 0x3a;
const DOT = 0x2e;
const T = 0x54;
const Z = 0x5a;

/** The number of the `length` decimal digits at `at`, or NaN. */
function digits(codes: ArrayLike<number>, at: number, length: number): number {
  let n = 0;
  for (let i = at; i < at + length; i++) {
    const d = codes[i] - 0x30;
    if (d < 0 || d > 9) return NaN;
    n = n * 10 + d;
  }
  return n;
}

/**
 * What Date.parse gives for the form every agent writes, `YYYY-MM-DDTHH:MM:SS[.mmm]Z`, read from
 * the `length` character codes at `at` (of a string, or bytes a skimmer has not decoded), several
 * times faster: a scan reads one per line. Undefined for anything else, Date.parse's to read. A
 * day the month lacks (the 30th of February) runs on into the next month, as Date.parse has it.
 */
export function agentTime(c: ArrayLike<number>, at: number, length: number): number | undefined {
  if (length !== 24 && length !== 20) return undefined;
  if (
    c[at + 4] !== DASH ||
    c[at + 7] !== DASH ||
    c[at + 10] !== T ||
    c[at + 13] !== COLON ||
    c[at + 16] !== COLON ||
    c[at + length - 1] !== Z
  )
    return undefined;
  if (length === 24 && c[at + 19] !== DOT) return undefined;
  const year = digits(c, at, 4);
  const month = digits(c, at + 5, 2);
  const day = digits(c, at + 8, 2);
  const hour = digits(c, at + 11, 2);
  const minute = digits(c, at + 14, 2);
  const second = digits(c, at + 17, 2);
  const ms = length === 24 ? digits(c, at + 20, 3) : 0;
  // NaN fails every comparison, so a non-digit anywhere falls through to Date.parse.
  if (!(year >= 1970 && month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59 && second <= 59 && ms >= 0))
    return undefined;
  return daysSinceEpoch(year, month, day) * 86_400_000 + hour * 3_600_000 + minute * 60_000 + second * 1000 + ms;
}

/** Days from 1970-01-01 to a date of the proleptic Gregorian calendar (the civil-days formula, in whole 400-year eras), as Date.UTC counts them. */
function daysSinceEpoch(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

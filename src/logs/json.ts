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
  const ms = utcTimestamp(value) ?? Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** The number of the `length` decimal digits at `at`, or NaN. */
function digits(s: string, at: number, length: number): number {
  let n = 0;
  for (let i = at; i < at + length; i++) {
    const d = s.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return NaN;
    n = n * 10 + d;
  }
  return n;
}

/**
 * What Date.parse gives for the form every agent writes, `YYYY-MM-DDTHH:MM:SS[.mmm]Z`, read a
 * few times faster (a scan parses one per line); undefined for anything else, Date.parse's to read.
 * Days past the 28th are left to it too, for its handling of days a month lacks.
 */
function utcTimestamp(s: string): number | undefined {
  if (s.length !== 24 && s.length !== 20) return undefined;
  if (s[4] !== '-' || s[7] !== '-' || s[10] !== 'T' || s[13] !== ':' || s[16] !== ':' || s[s.length - 1] !== 'Z') return undefined;
  if (s.length === 24 && s[19] !== '.') return undefined;
  const [year, month, day] = [digits(s, 0, 4), digits(s, 5, 2), digits(s, 8, 2)];
  const [hour, minute, second] = [digits(s, 11, 2), digits(s, 14, 2), digits(s, 17, 2)];
  const ms = s.length === 24 ? digits(s, 20, 3) : 0;
  // NaN fails every comparison, so a non-digit anywhere falls through to Date.parse.
  if (!(year >= 1970 && month >= 1 && month <= 12 && day >= 1 && day <= 28 && hour <= 23 && minute <= 59 && second <= 59 && ms >= 0))
    return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second, ms);
}

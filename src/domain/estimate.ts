import { formatHours } from './format';
import type { Outcome } from './outcome';

/** The largest estimate accepted: about five working years; anything above is a typo. */
const MAX_ESTIMATE_HOURS = 10_000;

/** Result of parsing a duration typed by a person. */
export type DurationResult = Outcome<number>;

const NUMBER = '(\\d+(?:[.,]\\d+)?|[.,]\\d+)';
const H = '(?:h|hr|hrs|hour|hours)';
const M = '(?:m|min|mins|minute|minutes)';
const BARE = new RegExp(`^${NUMBER}$`);
const HOURS_ONLY = new RegExp(`^${NUMBER}\\s*${H}$`);
const MINUTES_ONLY = new RegExp(`^${NUMBER}\\s*${M}$`);
const HOURS_AND_MINUTES = new RegExp(`^${NUMBER}\\s*${H}\\s*${NUMBER}\\s*${M}?$`);

function toNumber(text: string): number {
  return Number(text.replace(',', '.'));
}

/** Reads `8`, `8h`, `1.5h`, `1,5h`, `90m`, `1h30m`, `1h 30` into hours; a bare number is in `bareUnit`. */
function readHours(text: string, bareUnit: 'h' | 'm'): number | undefined {
  let match = BARE.exec(text);
  if (match) return bareUnit === 'h' ? toNumber(match[1]) : toNumber(match[1]) / 60;
  if ((match = HOURS_ONLY.exec(text))) return toNumber(match[1]);
  if ((match = MINUTES_ONLY.exec(text))) return toNumber(match[1]) / 60;
  if ((match = HOURS_AND_MINUTES.exec(text))) return toNumber(match[1]) + toNumber(match[2]) / 60;
  return undefined;
}

const ACCEPTED = 'Enter hours like 8, 8h, 1.5h, 1,5h, 90m or 1h30m.';

/**
 * Parses what a person types for "how many hours by hand": `8`, `8h`, `1.5h`, `1,5h`, `90m`,
 * `1h30m`, `1h 30`. Rejects blank, zero, negative, non-finite and absurdly large values with a
 * message that says what is accepted.
 */
export function parseEstimate(raw: string): DurationResult {
  const text = raw.trim().toLowerCase();
  if (text.length === 0) return { ok: false, message: `The estimate is empty. ${ACCEPTED}` };
  if (text.startsWith('-')) return { ok: false, message: `The estimate must be more than zero. ${ACCEPTED}` };
  const hours = readHours(text, 'h');
  if (hours === undefined || !Number.isFinite(hours)) {
    return { ok: false, message: `"${raw.trim()}" is not a duration. ${ACCEPTED}` };
  }
  if (hours <= 0) return { ok: false, message: `The estimate must be more than zero. ${ACCEPTED}` };
  if (hours > MAX_ESTIMATE_HOURS) {
    return {
      ok: false,
      message: `${formatHours(hours)} is more than ${MAX_ESTIMATE_HOURS.toLocaleString('en-US')} hours; check for a typo.`,
    };
  }
  return { ok: true, value: hours };
}

/** Result of parsing a corrected number of minutes. */
export type MinutesResult = Outcome<number>;

/** Parses a corrected AI or sup. time: `12`, `12m`, `1h5m`, `0`; at most a week. */
export function parseMinutes(raw: string): MinutesResult {
  const text = raw.trim().toLowerCase();
  const accepted = 'Enter minutes like 12, 12m, 1h5m or 0.';
  if (text.length === 0) return { ok: false, message: `Empty. ${accepted}` };
  const hours = text.startsWith('-') ? undefined : readHours(text, 'm');
  if (hours === undefined || !Number.isFinite(hours))
    return { ok: false, message: `"${raw.trim()}" is not a number of minutes. ${accepted}` };
  if (hours > 7 * 24) return { ok: false, message: 'That is more than a week; check for a typo.' };
  return { ok: true, value: hours * 60 };
}

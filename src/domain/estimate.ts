import { formatHours } from './format';

/** The largest estimate accepted: about five working years; anything above is a typo. */
export const MAX_ESTIMATE_HOURS = 10_000;

/** Result of parsing a human estimate. */
export type EstimateResult = { ok: true; hours: number } | { ok: false; message: string };

const ACCEPTED = 'Enter hours like 8, 8h, 1.5h, 1,5h, 90m or 1h30m.';
const NUMBER = '(\\d+(?:[.,]\\d+)?|[.,]\\d+)';
const HOURS_ONLY = new RegExp(`^${NUMBER}\\s*(?:h|hr|hrs|hour|hours)?$`);
const MINUTES_ONLY = new RegExp(`^${NUMBER}\\s*(?:m|min|mins|minute|minutes)$`);
const HOURS_AND_MINUTES = new RegExp(`^${NUMBER}\\s*(?:h|hr|hrs|hour|hours)\\s*${NUMBER}\\s*(?:m|min|mins|minute|minutes)?$`);

function toNumber(text: string): number {
  return Number(text.replace(',', '.'));
}

/**
 * Parses what a person types for "how many hours by hand": `8`, `8h`, `1.5h`, `1,5h`, `90m`,
 * `1h30m`, `1h 30`. Rejects blank, zero, negative, non-finite and absurdly large values with a
 * message that says what is accepted.
 */
export function parseEstimate(raw: string): EstimateResult {
  const text = raw.trim().toLowerCase();
  if (text.length === 0) return { ok: false, message: `The estimate is empty. ${ACCEPTED}` };
  if (text.startsWith('-')) return { ok: false, message: `The estimate must be more than zero. ${ACCEPTED}` };

  let hours: number | undefined;
  let match = HOURS_ONLY.exec(text);
  if (match) {
    hours = toNumber(match[1]);
  } else if ((match = MINUTES_ONLY.exec(text))) {
    hours = toNumber(match[1]) / 60;
  } else if ((match = HOURS_AND_MINUTES.exec(text))) {
    hours = toNumber(match[1]) + toNumber(match[2]) / 60;
  }
  if (hours === undefined || !Number.isFinite(hours)) {
    return { ok: false, message: `"${raw.trim()}" is not a duration. ${ACCEPTED}` };
  }
  if (hours <= 0) return { ok: false, message: `The estimate must be more than zero. ${ACCEPTED}` };
  if (hours > MAX_ESTIMATE_HOURS) {
    return { ok: false, message: `${formatHours(hours)} is more than ${MAX_ESTIMATE_HOURS.toLocaleString('en-US')} hours; check for a typo.` };
  }
  return { ok: true, hours };
}

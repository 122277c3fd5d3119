/** Shown wherever a figure is undefined (no minutes measured, no estimate yet). */
const UNDEFINED_MARK = '—';

/** Formats a leverage factor like the record: `40.0x`, or `—` when undefined. */
export function formatFactor(factor: number | undefined): string {
  return factor === undefined ? UNDEFINED_MARK : `${factor.toFixed(1)}x`;
}

/** Formats minutes like the record: `12m`, `<1m` below a minute, `—` when undefined. */
export function formatMinutes(minutes: number | undefined): string {
  if (minutes === undefined) return UNDEFINED_MARK;
  if (minutes > 0 && minutes < 1) return '<1m';
  return `${Math.round(minutes)}m`;
}

/**
 * Formats a token count like the record: `950`, `95k`, `2.62M`, `—` when undefined. Millions keep
 * two decimals because that is the precision people publish (a day's 2,615,000 tokens is `2.62M`).
 */
export function formatTokens(tokens: number | undefined): string {
  if (tokens === undefined) return UNDEFINED_MARK;
  if (tokens >= 1_000_000) return `${Math.round(tokens / 10_000) / 100}M`; // integer rounding: 2,265,000 is 2.27M
  if (tokens >= 1_000) return `${Math.round(tokens / 1_000)}k`;
  return String(tokens);
}

/** Formats hours the way the record does: `8h`, `1.5h`, `0.75h`, `—` when undefined. */
export function formatHours(hours: number | undefined): string {
  return hours === undefined ? UNDEFINED_MARK : `${Number(hours.toFixed(2))}h`;
}

/** Shown wherever a figure is undefined (no minutes measured, no estimate yet). */
export const UNDEFINED_MARK = '—';

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

/** Formats a token count like the record: `950`, `95k`, `2.6M`, `—` when undefined. */
export function formatTokens(tokens: number | undefined): string {
  if (tokens === undefined) return UNDEFINED_MARK;
  if (tokens >= 1_000_000) return `${Number((tokens / 1_000_000).toFixed(1))}M`;
  if (tokens >= 1_000) return `${Math.round(tokens / 1_000)}k`;
  return String(tokens);
}

/** Formats hours the way the record does: `8h`, `1.5h`, `0.75h`, `—` when undefined. */
export function formatHours(hours: number | undefined): string {
  return hours === undefined ? UNDEFINED_MARK : `${Number(hours.toFixed(2))}h`;
}

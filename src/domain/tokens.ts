/** Result of parsing a token count typed in a spreadsheet. */
export type TokensResult = { ok: true; tokens: number } | { ok: false; message: string };

const TOKENS = /^~?\s*(\d+(?:[.,]\d+)?)\s*([km]?)$/i;

/** Parses `95000`, `95,000`, `350k`, `~2.6M`, `1.2m` into a whole number of tokens. */
export function parseTokens(raw: string): TokensResult {
  const text = raw.trim().replace(/(\d),(\d{3})(?!\d)/g, '$1$2').replace(/(\d),(\d{3})(?!\d)/g, '$1$2');
  const match = TOKENS.exec(text);
  if (!match) return { ok: false, message: `"${raw.trim()}" is not a token count (use 95000, 350k or 2.6M).` };
  const value = Number(match[1].replace(',', '.')) * (match[2].toLowerCase() === 'k' ? 1e3 : match[2].toLowerCase() === 'm' ? 1e6 : 1);
  return { ok: true, tokens: Math.round(value) };
}

import { costOf, priceOf } from './prices';
import type { Outcome } from './outcome';
import type { TokenBuckets } from './tokenBuckets';

export type { TokenBuckets };

/** Result of parsing a token count typed in a spreadsheet. */
export type TokensResult = Outcome<number>;

const TOKENS = /^~?\s*(\d+(?:[.,]\d+)?)\s*([km]?)$/i;

/** Parses `95000`, `95,000`, `350k`, `~2.6M`, `1.2m` into a whole number of tokens. */
export function parseTokens(raw: string): TokensResult {
  const text = raw
    .trim()
    .replace(/(\d),(\d{3})(?!\d)/g, '$1$2')
    .replace(/(\d),(\d{3})(?!\d)/g, '$1$2');
  const match = TOKENS.exec(text);
  if (!match) return { ok: false, message: `"${raw.trim()}" is not a token count (use 95000, 350k or 2.6M).` };
  const value = Number(match[1].replace(',', '.')) * (match[2].toLowerCase() === 'k' ? 1e3 : match[2].toLowerCase() === 'm' ? 1e6 : 1);
  return { ok: true, value: Math.round(value) };
}

/** All tokens of the four kinds. */
export function tokenTotal(t: TokenBuckets): number {
  return t.input + t.output + t.cacheCreation + t.cacheRead;
}

/** One model response's token usage, as read from an agent's log. */
export interface UsageRecord extends TokenBuckets {
  /** Which agent wrote the log, e.g. `claude` or `codex`. */
  readonly agent: string;
  /** Identity of the response across files and rescans; copies of one response share it. */
  readonly key: string;
  /** When the response was logged, epoch ms. */
  readonly timestamp: number;
  readonly sessionId?: string;
  readonly cwd?: string;
  readonly model?: string;
}

/** Usage summed per working folder and model, as the store returns it for a time span. */
export interface UsageSum extends TokenBuckets {
  readonly cwd: string;
  readonly model: string;
}

/** A task's tokens split by kind and by model (the record shows the total, the tooltip the split). */
export interface TokenDetail extends TokenBuckets {
  readonly models: Readonly<Record<string, number>>;
  /** Estimated dollars at list prices for the models the price table knows. */
  readonly costUsd: number;
  /** Models with usage but no list price; their tokens are not in `costUsd`. */
  readonly unpricedModels: readonly string[];
}

/** Sums token counts kind by kind. */
export function sumBuckets(items: Iterable<TokenBuckets>): TokenBuckets {
  let input = 0,
    output = 0,
    cacheCreation = 0,
    cacheRead = 0;
  for (const t of items) {
    input += t.input;
    output += t.output;
    cacheCreation += t.cacheCreation;
    cacheRead += t.cacheRead;
  }
  return { input, output, cacheCreation, cacheRead };
}

/** True when `cwd` is `folder` or inside it (either path separator; trailing separators ignored). */
export function isInside(cwd: string, folder: string): boolean {
  const norm = (p: string): string => p.replace(/\\/g, '/').replace(/\/+$/, '');
  const c = norm(cwd),
    f = norm(folder);
  return f !== '' && (c === f || c.startsWith(`${f}/`));
}

/** True when `cwd` is inside one of `folders` (see isInside). */
export function isInsideAny(cwd: string, folders: readonly string[]): boolean {
  return folders.some((f) => isInside(cwd, f));
}

/** Sums the usage whose working folder lies inside one of `folders`; undefined when there is none. */
export function attributeUsage(sums: readonly UsageSum[], folders: readonly string[]): TokenDetail | undefined {
  const inside = sums.filter((s) => isInsideAny(s.cwd, folders));
  if (inside.length === 0) return undefined;
  const models: Record<string, number> = {};
  const unpriced = new Set<string>();
  let costUsd = 0;
  for (const s of inside) {
    const name = s.model || 'unknown model';
    models[name] = (models[name] ?? 0) + tokenTotal(s);
    const price = priceOf(s.model);
    if (price) costUsd += costOf(price, s);
    else unpriced.add(name);
  }
  return { ...sumBuckets(inside), models, costUsd, unpricedModels: [...unpriced].sort() };
}

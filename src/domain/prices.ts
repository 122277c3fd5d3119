import type { TokenBuckets } from './tokenBuckets';

/** US dollars per million tokens of each kind. */
export interface ModelPrice {
  readonly input: number;
  readonly output: number;
  readonly cacheWrite: number;
  readonly cacheRead: number;
}

/** The date of the list prices below: the estimate says how old its prices are. */
export const PRICE_TABLE_DATE = '2025-11';

/**
 * Public list prices by model-id prefix (longest prefix wins), shipped with the extension: no
 * network. Used only for the optional, clearly labelled cost estimate.
 */
const PRICES: readonly (readonly [string, ModelPrice])[] = (
  [
    ['claude-opus-4-5', { input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5 }],
    ['claude-opus-4', { input: 15, output: 75, cacheWrite: 18.75, cacheRead: 1.5 }],
    ['claude-sonnet-4', { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 }],
    ['claude-3-7-sonnet', { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 }],
    ['claude-3-5-sonnet', { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 }],
    ['claude-haiku-4-5', { input: 1, output: 5, cacheWrite: 1.25, cacheRead: 0.1 }],
    ['claude-3-5-haiku', { input: 0.8, output: 4, cacheWrite: 1, cacheRead: 0.08 }],
    ['gpt-5-mini', { input: 0.25, output: 2, cacheWrite: 0, cacheRead: 0.025 }],
    ['gpt-5', { input: 1.25, output: 10, cacheWrite: 0, cacheRead: 0.125 }],
    ['o4-mini', { input: 1.1, output: 4.4, cacheWrite: 0, cacheRead: 0.275 }],
  ] as [string, ModelPrice][]
).sort(([a], [b]) => b.length - a.length);

/** The list price of a model, if the table knows it (`claude-sonnet-4-5-20250929` → Sonnet 4). */
export function priceOf(model: string): ModelPrice | undefined {
  const id = model.toLowerCase().replace(/\./g, '-');
  return PRICES.find(([prefix]) => id.startsWith(prefix))?.[1];
}

/** Dollars for the given token counts at a model's list price. */
export function costOf(price: ModelPrice, t: TokenBuckets): number {
  return (t.input * price.input + t.output * price.output + t.cacheCreation * price.cacheWrite + t.cacheRead * price.cacheRead) / 1e6;
}

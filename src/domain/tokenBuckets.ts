/** The four kinds of tokens every agent's usage is mapped to; its own file so prices and tokens need not import each other. */
export interface TokenBuckets {
  /** Uncached input tokens. */
  readonly input: number;
  readonly output: number;
  readonly cacheCreation: number;
  readonly cacheRead: number;
}

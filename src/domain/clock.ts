/** A source of the current instant in epoch milliseconds; the only way time enters the domain. */
export interface Clock {
  now(): number;
}

// Per-key exponential backoff, the counterpart of client-go's
// ItemExponentialFailureRateLimiter: each failure of a key doubles its next delay, from
// `baseDelayMs` up to `maxDelayMs`; `forget` resets the key after a success.

export interface BackoffOptions {
  /** Delay after the first failure. client-go uses 5 ms. */
  baseDelayMs: number;
  /** Upper bound of the delay. client-go uses 1000 s. */
  maxDelayMs: number;
}

export const defaultBackoff: BackoffOptions = { baseDelayMs: 5, maxDelayMs: 1_000_000 };

export class ExponentialBackoff {
  readonly #options: BackoffOptions;
  readonly #failures = new Map<string, number>();

  constructor(options: BackoffOptions = defaultBackoff) {
    this.#options = options;
  }

  /** Records one more failure of `key` and returns how long to wait before retrying it. */
  next(key: string): number {
    const failures = this.#failures.get(key) ?? 0;
    this.#failures.set(key, failures + 1);
    return computeBackoffDelay(failures, this.#options);
  }

  /** How many failures in a row `key` has had since it was last forgotten. */
  retries(key: string): number {
    return this.#failures.get(key) ?? 0;
  }

  forget(key: string): void {
    this.#failures.delete(key);
  }
}

/**
 * The delay after `failures` earlier failures: base * 2^failures, capped.
 * Example with the defaults: 5 ms, 10 ms, 20 ms, ... and 1000 s from the 18th failure on.
 */
export function computeBackoffDelay(failures: number, { baseDelayMs, maxDelayMs }: BackoffOptions): number {
  // 2^failures overflows to Infinity for large counts, which the cap absorbs.
  return Math.min(baseDelayMs * 2 ** failures, maxDelayMs);
}

import { CircuitOpenError } from './circuit-breaker.js';
import type { Clock } from './clock.js';

export interface RetryOptions {
  /** Total tries including the first (1–10). */
  readonly attempts: number;
  /** Backoff base: the cap of the wait before retry n is `min(maxMs, baseMs * 2^(n-1))`. */
  readonly baseMs: number;
  readonly maxMs: number;
  /**
   * Must be `true`: only an operation that may safely run twice is retried (a timed-out
   * call may have taken effect). The literal type makes the caller say so.
   */
  readonly idempotent: true;
  /** Which errors are worth another try (default: all but {@link CircuitOpenError}). */
  readonly retryOn?: (error: unknown) => boolean;
  /** Stops waiting and retrying; the wait rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

const MAX_ATTEMPTS = 10;

const notOpenCircuit = (error: unknown): boolean => !(error instanceof CircuitOpenError);

/**
 * Bounded retries with "full jitter" backoff (AWS Architecture Blog, "Exponential Backoff
 * and Jitter"): each wait is uniform in [0, min(maxMs, baseMs·2^(n-1))), which spreads the
 * retries of many clients instead of synchronizing them. The last error is rethrown as is.
 */
export async function retryWithBackoff<T>(
  operation: (attempt: number) => Promise<T>,
  options: RetryOptions,
  clock: Clock,
  random: () => number,
): Promise<T> {
  validate(options);
  const retryOn = options.retryOn ?? notOpenCircuit;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (attempt >= options.attempts || !retryOn(error) || options.signal?.aborted) throw error;
      const cap = Math.min(options.maxMs, options.baseMs * 2 ** (attempt - 1));
      await clock.sleep(Math.floor(random() * cap), options.signal);
    }
  }
}

function validate(options: RetryOptions): void {
  if ((options.idempotent as boolean) !== true) {
    throw new TypeError('retry refused: the operation is not declared idempotent');
  }
  if (!Number.isInteger(options.attempts) || options.attempts < 1) {
    throw new RangeError('attempts must be a positive integer');
  }
  if (options.attempts > MAX_ATTEMPTS) {
    throw new RangeError(`attempts must be at most ${MAX_ATTEMPTS}`);
  }
  if (!(options.baseMs >= 0 && options.maxMs >= options.baseMs && Number.isFinite(options.maxMs))) {
    throw new RangeError('need 0 <= baseMs <= maxMs < Infinity');
  }
}

import { CircuitBreaker, type BreakerOptions } from './circuit-breaker.js';
import { type Clock, SYSTEM_CLOCK } from './clock.js';
import { retryWithBackoff, type RetryOptions } from './retry.js';

/**
 * Circuit breakers and retries for calls to other systems (tools calling internal services,
 * federation upstreams). One breaker per dependency name, shared by every caller in the
 * process, so one failing dependency is detected once and fails fast everywhere.
 *
 * Compose as `retry(() => breaker.execute(call), …)`: an open circuit is not retried.
 */
export class ResilienceService {
  private readonly breakers = new Map<string, CircuitBreaker>();

  constructor(
    private readonly clock: Clock = SYSTEM_CLOCK,
    private readonly random: () => number = Math.random,
  ) {}

  /**
   * The breaker of dependency `name`, created on first use. Asking again with another
   * threshold or cool-down is a programming error (two call sites disagreeing about one
   * dependency); `isFailure` is not compared, so call sites may pass a fresh closure, and the
   * first one registered is used.
   */
  breaker(name: string, options: BreakerOptions): CircuitBreaker {
    const existing = this.breakers.get(name);
    if (existing === undefined) {
      const created = new CircuitBreaker(name, { ...options }, this.clock);
      this.breakers.set(name, created);
      return created;
    }
    const known = existing.options;
    if (
      known.failureThreshold !== options.failureThreshold ||
      known.cooldownMs !== options.cooldownMs
    ) {
      throw new Error(`circuit breaker "${name}" already exists with other options`);
    }
    return existing;
  }

  /** Runs `operation` up to `options.attempts` times; see {@link retryWithBackoff}. */
  retry<T>(operation: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
    return retryWithBackoff(operation, options, this.clock, this.random);
  }
}

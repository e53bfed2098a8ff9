import {
  BrokenCircuitError,
  ConsecutiveBreaker,
  ExponentialBackoff,
  circuitBreaker,
  fullJitterGenerator,
  handleAll,
  handleWhen,
  retry,
  type CircuitBreakerPolicy,
  type RetryPolicy,
} from 'cockatiel';

import { UpstreamUnavailableError } from './upstream-client.types.js';
import type { UpstreamClientOptions } from './upstream-client.options.js';
import { describe, isConnectionFailure, isTimeout } from './upstream-errors.js';
import type { UpstreamHealthTracker } from './upstream-health.js';

/** How an attempt settled for the breaker: a value, or an error that is no failure of the upstream. */
type Outcome<T> = { readonly value: T } | { readonly passed: unknown };

/**
 * The circuit breaker and retries of one upstream (docs/federation-client.md "Circuit breaker
 * and retries"), on cockatiel's policies. The breaker counts consecutive failures of the
 * upstream — transport failures and timeouts — and opens at `breakerFailures`: calls then fail
 * at once for `breakerOpenMs`, after which one probe call may try; its success closes the
 * circuit. The upstream's own answers (a JSON-RPC error included), a refused credential and the
 * caller's abort are no failures of the upstream. Retries, only for requests marked
 * `retryable`, follow transport failures (not timeouts: the request may be running), with
 * exponential backoff and full jitter, within the request's deadline.
 */
export class UpstreamResilience {
  private readonly breaker: CircuitBreakerPolicy;

  constructor(
    private readonly upstream: string,
    private readonly options: UpstreamClientOptions,
    health: UpstreamHealthTracker,
  ) {
    this.breaker = circuitBreaker(handleAll, {
      halfOpenAfter: options.breakerOpenMs,
      breaker: new ConsecutiveBreaker(options.breakerFailures),
    });
    this.breaker.onBreak((reason) => {
      const cause = 'error' in reason ? describe(reason.error) : 'isolated';
      health.set(
        'circuit-open',
        `circuit opened after ${options.breakerFailures} failures: ${cause}`,
      );
    });
    this.breaker.onReset(() => health.set('up'));
  }

  /**
   * Runs `attempt` under the breaker, and again after a transport failure when `retryable`,
   * until `deadline` (ms since the epoch).
   *
   * @throws UpstreamUnavailableError when the circuit is open
   */
  async execute<T>(
    request: {
      readonly signal: AbortSignal;
      readonly retryable: boolean;
      readonly deadline: number;
    },
    attempt: () => Promise<T>,
  ): Promise<T> {
    const guarded = () => this.guarded(request.signal, attempt);
    let outcome: Outcome<T>;
    try {
      if (request.retryable && this.options.retryAttempts > 0) {
        outcome = await this.retryPolicy(request.deadline).execute(guarded, request.signal);
      } else {
        outcome = await guarded();
      }
    } catch (error) {
      if (error instanceof BrokenCircuitError) {
        throw new UpstreamUnavailableError(
          this.upstream,
          `circuit open after ${this.options.breakerFailures} consecutive failures; next try within ${this.options.breakerOpenMs} ms`,
        );
      }
      throw error;
    }
    if ('passed' in outcome) throw outcome.passed;
    return outcome.value;
  }

  /** The attempt under the breaker, with outcomes that are no failure of the upstream passed through. */
  private guarded<T>(signal: AbortSignal, attempt: () => Promise<T>): Promise<Outcome<T>> {
    return this.breaker.execute(async (): Promise<Outcome<T>> => {
      try {
        return { value: await attempt() };
      } catch (error) {
        if (isConnectionFailure(error, signal) || isTimeout(error)) throw error;
        return { passed: error };
      }
    });
  }

  /** Retries after a transport failure (a timed-out request may still be running upstream). */
  private retryPolicy(deadline: number): RetryPolicy {
    const { retryAttempts, retryDelayMs } = this.options;
    return retry(
      handleWhen(
        (error) =>
          !(error instanceof BrokenCircuitError) && !isTimeout(error) && Date.now() < deadline,
      ),
      {
        maxAttempts: retryAttempts,
        backoff: new ExponentialBackoff({
          initialDelay: retryDelayMs,
          maxDelay: retryDelayMs * 2 ** retryAttempts,
          generator: fullJitterGenerator,
        }),
      },
    );
  }
}

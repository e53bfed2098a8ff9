/** A token bucket: holds at most `capacity` tokens, refilled continuously at `refillPerMs`. */
export interface TokenBucketRule {
  readonly capacity: number;
  readonly refillPerMs: number;
}

/** `limit` requests per minute, with bursts of up to one minute's worth. */
export function perMinute(limit: number): TokenBucketRule {
  return { capacity: limit, refillPerMs: limit / 60_000 };
}

export interface RateLimitDecision {
  readonly allowed: boolean;
  /** Whole seconds until the request would be allowed (HTTP `Retry-After`); 0 when allowed. */
  readonly retryAfterSeconds: number;
}

export const RATE_LIMIT_ALLOWED: RateLimitDecision = Object.freeze({
  allowed: true,
  retryAfterSeconds: 0,
});

export function rateLimitDenied(waitMs: number): RateLimitDecision {
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
}

/**
 * Where buckets live. `take` removes `cost` tokens from every bucket or from none (a request
 * refused by one bucket does not drain the others). The in-memory store answers synchronously
 * so the hot path awaits nothing; a shared store answers with a promise.
 */
export interface TokenBucketStore {
  take(
    keys: readonly string[],
    rules: readonly TokenBucketRule[],
    cost: number,
  ): RateLimitDecision | Promise<RateLimitDecision>;
}

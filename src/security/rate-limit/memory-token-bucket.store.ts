import {
  RATE_LIMIT_ALLOWED,
  rateLimitDenied,
  type RateLimitDecision,
  type TokenBucketRule,
  type TokenBucketStore,
} from './rate-limit.types.js';

interface Bucket {
  tokens: number;
  updatedMs: number;
  /** The rule of the latest `take`: an operator may change a tool's rate while it lives. */
  rule: TokenBucketRule;
}

/** Bound on live buckets; beyond it, refilled (= forgettable) and then the oldest are dropped. */
export const DEFAULT_MAX_BUCKETS = 100_000;

/** Token buckets of this instance only (the default when `REDIS_URL` is not set). */
export class MemoryTokenBucketStore implements TokenBucketStore {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly maxBuckets = DEFAULT_MAX_BUCKETS,
    private readonly nowMs: () => number = () => performance.now(),
  ) {}

  take(
    keys: readonly string[],
    rules: readonly TokenBucketRule[],
    cost: number,
  ): RateLimitDecision {
    const now = this.nowMs();
    let waitMs = 0;
    for (let i = 0; i < keys.length; i++) {
      const bucket = this.refill(keys[i] as string, rules[i] as TokenBucketRule, now);
      if (bucket.tokens < cost) {
        waitMs = Math.max(waitMs, (cost - bucket.tokens) / bucket.rule.refillPerMs);
      }
    }
    if (waitMs > 0) return rateLimitDenied(waitMs);
    for (const key of keys) (this.buckets.get(key) as Bucket).tokens -= cost;
    return RATE_LIMIT_ALLOWED;
  }

  get size(): number {
    return this.buckets.size;
  }

  private refill(key: string, rule: TokenBucketRule, now: number): Bucket {
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      if (this.buckets.size >= this.maxBuckets) this.evict(now);
      bucket = { tokens: rule.capacity, updatedMs: now, rule };
      this.buckets.set(key, bucket);
      return bucket;
    }
    const refilled = bucket.tokens + (now - bucket.updatedMs) * rule.refillPerMs;
    bucket.tokens = Math.min(rule.capacity, refilled);
    bucket.updatedMs = now;
    bucket.rule = rule;
    return bucket;
  }

  /**
   * A full bucket is the same as no bucket, so those go first; then the least recently created.
   * Buckets touched by the current `take` (updated at `now`) are kept: it still needs them.
   */
  private evict(now: number): void {
    for (const [key, bucket] of this.buckets) {
      const tokens = bucket.tokens + (now - bucket.updatedMs) * bucket.rule.refillPerMs;
      if (bucket.updatedMs !== now && tokens >= bucket.rule.capacity) this.buckets.delete(key);
    }
    for (const [key, bucket] of this.buckets) {
      if (this.buckets.size < this.maxBuckets) return;
      if (bucket.updatedMs !== now) this.buckets.delete(key);
    }
  }
}

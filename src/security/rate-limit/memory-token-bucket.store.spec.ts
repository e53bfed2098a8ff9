import { describe, expect, it } from 'vitest';

import { MemoryTokenBucketStore } from './memory-token-bucket.store.js';
import { perMinute, RATE_LIMIT_ALLOWED } from './rate-limit.types.js';

describe(MemoryTokenBucketStore.name, () => {
  it('should allow a burst up to capacity, then refuse with Retry-After, then refill', () => {
    let now = 0;
    const sut = new MemoryTokenBucketStore(100, () => now);
    const rule = perMinute(60); // 1 token per second
    for (let i = 0; i < 60; i++) expect(sut.take(['p'], [rule], 1)).toBe(RATE_LIMIT_ALLOWED);
    expect(sut.take(['p'], [rule], 1)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    now += 1000;
    expect(sut.take(['p'], [rule], 1).allowed).toBe(true);
    expect(sut.take(['p'], [rule], 5)).toEqual({ allowed: false, retryAfterSeconds: 5 });
  });

  it('should follow a changed rule: capacity clips the tokens, Retry-After uses the new rate', () => {
    let now = 0;
    const sut = new MemoryTokenBucketStore(100, () => now);
    expect(sut.take(['t'], [perMinute(600)], 1).allowed).toBe(true);
    const slow = perMinute(2); // 1 token per 30 s
    expect(sut.take(['t'], [slow], 2).allowed).toBe(true);
    expect(sut.take(['t'], [slow], 1)).toEqual({ allowed: false, retryAfterSeconds: 30 });
    now += 30_000;
    expect(sut.take(['t'], [slow], 1).allowed).toBe(true);
  });

  it('should take from all buckets or from none', () => {
    const now = 0;
    const sut = new MemoryTokenBucketStore(100, () => now);
    const wide = perMinute(100);
    const narrow = perMinute(1);
    expect(sut.take(['a', 'b'], [wide, narrow], 1).allowed).toBe(true);
    expect(sut.take(['a', 'b'], [wide, narrow], 1).allowed).toBe(false);
    // `a` lost only the one token of the allowed request.
    for (let i = 0; i < 99; i++) expect(sut.take(['a'], [wide], 1).allowed).toBe(true);
    expect(sut.take(['a'], [wide], 1).allowed).toBe(false);
  });

  it('should stay within its bucket bound, keeping the buckets of the current request', () => {
    let now = 0;
    const sut = new MemoryTokenBucketStore(3, () => now);
    const rule = perMinute(10);
    for (const key of ['k1', 'k2', 'k3']) sut.take([key], [rule], 1);
    now += 1;
    expect(sut.take(['k1', 'k4', 'k5'], [rule, rule, rule], 1).allowed).toBe(true);
    expect(sut.size).toBeLessThanOrEqual(3);
  });
});

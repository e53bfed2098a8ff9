import { describe, expect, it } from 'vitest';

import { CircuitOpenError } from './circuit-breaker.js';
import { FakeClock, flushMicrotasks } from '../../../test/support/fake-clock.js';
import type { RetryOptions } from './retry.js';
import { ResilienceService } from './resilience.service.js';

const options: RetryOptions = { attempts: 4, baseMs: 100, maxMs: 250, idempotent: true };

function setup(random = () => 0.5) {
  const clock = new FakeClock();
  return { clock, sut: new ResilienceService(clock, random) };
}

/** Drives the fake clock until `promise` settles (each retry sleeps once). */
async function drive<T>(clock: FakeClock, promise: Promise<T>): Promise<T> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (let i = 0; i < 20 && !settled; i += 1) {
    await flushMicrotasks();
    await clock.advance(1_000);
  }
  return promise;
}

describe(ResilienceService.name, () => {
  it('should retry until success with full-jitter waits capped by maxMs', async () => {
    const { clock, sut } = setup();
    let calls = 0;
    const result = sut.retry((attempt) => {
      calls += 1;
      return attempt < 4 ? Promise.reject(new Error(`fail ${attempt}`)) : Promise.resolve('done');
    }, options);
    await expect(drive(clock, result)).resolves.toBe('done');
    expect(calls).toBe(4);
    // random() = 0.5 of caps 100, 200, min(400, 250)
    expect(clock.sleeps).toEqual([50, 100, 125]);
  });

  it('should rethrow the last error once the attempts are used up', async () => {
    const { clock, sut } = setup(() => 0);
    const result = sut.retry((attempt) => Promise.reject(new Error(`fail ${attempt}`)), options);
    await expect(drive(clock, result)).rejects.toThrow('fail 4');
    expect(clock.sleeps).toEqual([0, 0, 0]);
  });

  it('should refuse to retry an operation not declared idempotent', async () => {
    const { sut } = setup();
    let calls = 0;
    const notIdempotent = { ...options, idempotent: false } as unknown as RetryOptions;
    await expect(sut.retry(() => Promise.resolve(++calls), notIdempotent)).rejects.toThrow(
      TypeError,
    );
    expect(calls).toBe(0);
  });

  it('should refuse unbounded or inconsistent retry options', async () => {
    const { sut } = setup();
    const op = () => Promise.resolve(1);
    await expect(sut.retry(op, { ...options, attempts: 0 })).rejects.toThrow(RangeError);
    await expect(sut.retry(op, { ...options, attempts: 11 })).rejects.toThrow(RangeError);
    await expect(sut.retry(op, { ...options, maxMs: 10 })).rejects.toThrow(RangeError);
    await expect(sut.retry(op, { ...options, maxMs: Infinity })).rejects.toThrow(RangeError);
  });

  it('should not retry errors retryOn rejects, nor an open circuit by default', async () => {
    const { clock, sut } = setup();
    let calls = 0;
    const permanent = sut.retry(
      () => {
        calls += 1;
        return Promise.reject(new Error('400'));
      },
      { ...options, retryOn: (error) => (error as Error).message !== '400' },
    );
    await expect(drive(clock, permanent)).rejects.toThrow('400');
    expect(calls).toBe(1);

    const open = sut.retry(() => Promise.reject(new CircuitOpenError('crm', 10)), options);
    await expect(drive(clock, open)).rejects.toBeInstanceOf(CircuitOpenError);
    expect(clock.sleeps).toEqual([]);
  });

  it('should share one breaker per dependency name and reject conflicting options', () => {
    const { sut } = setup();
    const breaker = sut.breaker('crm', { failureThreshold: 3, cooldownMs: 1_000 });
    expect(sut.breaker('crm', { failureThreshold: 3, cooldownMs: 1_000 })).toBe(breaker);
    expect(sut.breaker('billing', { failureThreshold: 3, cooldownMs: 1_000 })).not.toBe(breaker);
    expect(() => sut.breaker('crm', { failureThreshold: 5, cooldownMs: 1_000 })).toThrow(
      /other options/,
    );
  });

  it('should stop retrying when the breaker opens in between', async () => {
    const { clock, sut } = setup(() => 0);
    const breaker = sut.breaker('crm', { failureThreshold: 2, cooldownMs: 60_000 });
    let calls = 0;
    const result = sut.retry(
      () =>
        breaker.execute(() => {
          calls += 1;
          return Promise.reject(new Error('down'));
        }),
      { ...options, attempts: 5 },
    );
    await expect(drive(clock, result)).rejects.toBeInstanceOf(CircuitOpenError);
    expect(calls).toBe(2);
  });
});

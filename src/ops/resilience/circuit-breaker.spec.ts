import { describe, expect, it } from 'vitest';

import { CircuitBreaker, CircuitOpenError } from './circuit-breaker.js';
import { FakeClock } from '../../../test/support/fake-clock.js';

const fail = () => Promise.reject(new Error('down'));
const succeed = () => Promise.resolve('ok');

function setup(isFailure?: (error: unknown) => boolean) {
  const clock = new FakeClock();
  const sut = new CircuitBreaker(
    'crm',
    { failureThreshold: 3, cooldownMs: 1_000, isFailure },
    clock,
  );
  return { clock, sut };
}

async function failTimes(sut: CircuitBreaker, times: number): Promise<void> {
  for (let i = 0; i < times; i += 1) await expect(sut.execute(fail)).rejects.toThrow('down');
}

describe(CircuitBreaker.name, () => {
  it('should stay closed below the threshold and reset on success', async () => {
    const { sut } = setup();
    await failTimes(sut, 2);
    await expect(sut.execute(succeed)).resolves.toBe('ok');
    await failTimes(sut, 2);
    expect(sut.state).toBe('closed');
  });

  it('should open after N consecutive failures and fail fast without calling', async () => {
    const { sut } = setup();
    await failTimes(sut, 3);
    expect(sut.state).toBe('open');
    let called = false;
    const error = await sut
      .execute(() => {
        called = true;
        return succeed();
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CircuitOpenError);
    expect((error as CircuitOpenError).retryAfterMs).toBe(1_000);
    expect(called).toBe(false);
  });

  it('should let exactly one probe through after the cool-down and close on its success', async () => {
    const { clock, sut } = setup();
    await failTimes(sut, 3);
    await clock.advance(1_000);
    expect(sut.state).toBe('half-open');

    let release!: (value: string) => void;
    const probe = sut.execute(() => new Promise<string>((resolve) => (release = resolve)));
    await expect(sut.execute(succeed)).rejects.toBeInstanceOf(CircuitOpenError);
    release('probed');
    await expect(probe).resolves.toBe('probed');
    expect(sut.state).toBe('closed');
    await expect(sut.execute(succeed)).resolves.toBe('ok');
  });

  it('should reopen for a new cool-down when the probe fails', async () => {
    const { clock, sut } = setup();
    await failTimes(sut, 3);
    await clock.advance(1_000);
    await failTimes(sut, 1);
    expect(sut.state).toBe('open');
    await clock.advance(999);
    await expect(sut.execute(succeed)).rejects.toBeInstanceOf(CircuitOpenError);
    await clock.advance(1);
    await expect(sut.execute(succeed)).resolves.toBe('ok');
  });

  it('should not count errors that isFailure rejects', async () => {
    const { sut } = setup((error) => (error as Error).message !== 'not found');
    for (let i = 0; i < 5; i += 1) {
      await expect(sut.execute(() => Promise.reject(new Error('not found')))).rejects.toThrow();
    }
    expect(sut.state).toBe('closed');
  });

  it('should ignore late results of calls admitted before the circuit opened', async () => {
    const { clock, sut } = setup();
    let releaseSlow!: () => void;
    const slow = sut.execute(
      () => new Promise<void>((_, reject) => (releaseSlow = () => reject(new Error('late')))),
    );
    await failTimes(sut, 3);
    await clock.advance(1_000);
    let releaseProbe!: (value: string) => void;
    const probe = sut.execute(() => new Promise<string>((resolve) => (releaseProbe = resolve)));
    releaseSlow();
    await expect(slow).rejects.toThrow('late');
    expect(sut.state).toBe('half-open');
    releaseProbe('ok');
    await probe;
    expect(sut.state).toBe('closed');
  });

  it('should refuse nonsensical options', () => {
    const clock = new FakeClock();
    expect(() => new CircuitBreaker('x', { failureThreshold: 0, cooldownMs: 1 }, clock)).toThrow(
      RangeError,
    );
    expect(() => new CircuitBreaker('x', { failureThreshold: 1, cooldownMs: -1 }, clock)).toThrow(
      RangeError,
    );
  });
});

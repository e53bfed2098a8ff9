import type { Clock } from './clock.js';

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface BreakerOptions {
  /** Consecutive failures that open the circuit. */
  readonly failureThreshold: number;
  /** How long an open circuit rejects calls before letting one probe through. */
  readonly cooldownMs: number;
  /** Which errors count against the dependency (default: all); others pass through. */
  readonly isFailure?: (error: unknown) => boolean;
}

/** The circuit is open: the call was not attempted. */
export class CircuitOpenError extends Error {
  constructor(
    readonly breaker: string,
    /** When a probe will next be allowed (0 while a half-open probe is running). */
    readonly retryAfterMs: number,
  ) {
    super(`circuit "${breaker}" is open`);
    this.name = 'CircuitOpenError';
  }
}

/**
 * Per-dependency circuit breaker: closed → open after `failureThreshold` consecutive
 * failures → half-open after `cooldownMs`, where exactly one probe call runs while others
 * are rejected → closed when the probe succeeds, open again (new cool-down) when it fails.
 * Calls should carry their own timeout: a probe that never settles keeps the circuit
 * half-open.
 */
export class CircuitBreaker {
  private currentState: CircuitState = 'closed';
  private failures = 0;
  private openedAt = 0;
  private probing = false;

  constructor(
    readonly name: string,
    readonly options: Readonly<BreakerOptions>,
    private readonly clock: Clock,
  ) {
    if (!Number.isInteger(options.failureThreshold) || options.failureThreshold < 1) {
      throw new RangeError('failureThreshold must be a positive integer');
    }
    if (!Number.isFinite(options.cooldownMs) || options.cooldownMs < 0) {
      throw new RangeError('cooldownMs must be a non-negative number');
    }
  }

  get state(): CircuitState {
    if (this.currentState === 'open' && this.cooldownLeft() <= 0) return 'half-open';
    return this.currentState;
  }

  async execute<T>(call: () => Promise<T>): Promise<T> {
    const probe = this.admit();
    try {
      const result = await call();
      this.settle(probe, false);
      return result;
    } catch (error) {
      this.settle(probe, this.options.isFailure?.(error) ?? true);
      throw error;
    }
  }

  /**
   * Throws {@link CircuitOpenError} unless this call may run. Returns `true` for the single
   * half-open probe.
   */
  private admit(): boolean {
    if (this.currentState === 'closed') return false;
    if (this.currentState === 'open') {
      const left = this.cooldownLeft();
      if (left > 0) throw new CircuitOpenError(this.name, left);
      this.currentState = 'half-open';
    }
    if (this.probing) throw new CircuitOpenError(this.name, 0);
    this.probing = true;
    return true;
  }

  /**
   * Records a call's result. An error that `isFailure` does not count still proves the
   * dependency answers. Results of calls admitted before the circuit opened are ignored
   * once it has: only the probe decides how an open circuit closes.
   */
  private settle(probe: boolean, failed: boolean): void {
    if (probe) {
      this.probing = false;
      if (failed) this.open();
      else this.close();
      return;
    }
    if (this.currentState !== 'closed') return;
    if (!failed) {
      this.failures = 0;
      return;
    }
    this.failures += 1;
    if (this.failures >= this.options.failureThreshold) this.open();
  }

  private close(): void {
    this.currentState = 'closed';
    this.failures = 0;
  }

  private open(): void {
    this.currentState = 'open';
    this.openedAt = this.clock.now();
    this.failures = 0;
  }

  private cooldownLeft(): number {
    return this.openedAt + this.options.cooldownMs - this.clock.now();
  }
}

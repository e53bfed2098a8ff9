/**
 * Counts requests that must finish before the process may exit, and lets the shutdown
 * sequence wait until none are left.
 */
export class RequestCounter {
  private count = 0;
  private waiters: (() => void)[] = [];

  get size(): number {
    return this.count;
  }

  /** Marks one request started; the returned callback marks it finished (only once). */
  start(): () => void {
    this.count += 1;
    let finished = false;
    return () => {
      if (finished) return;
      finished = true;
      this.count -= 1;
      if (this.count === 0) this.wakeWaiters();
    };
  }

  /** Resolves once no request is in flight. */
  idle(): Promise<void> {
    if (this.count === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private wakeWaiters(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

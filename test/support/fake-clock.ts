import type { Clock } from '../../src/ops/resilience/clock.js';

interface Sleeper {
  readonly until: number;
  readonly resolve: () => void;
}

/** Manual clock for tests: time moves only through {@link advance}. */
export class FakeClock implements Clock {
  private current = 0;
  private sleepers: Sleeper[] = [];
  readonly sleeps: number[] = [];

  now(): number {
    return this.current;
  }

  sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    return new Promise((resolve) => this.sleepers.push({ until: this.current + ms, resolve }));
  }

  /** Moves time forward and wakes the sleepers that are due, letting their callers run. */
  async advance(ms: number): Promise<void> {
    this.current += ms;
    const due = this.sleepers.filter((sleeper) => sleeper.until <= this.current);
    this.sleepers = this.sleepers.filter((sleeper) => sleeper.until > this.current);
    for (const sleeper of due) sleeper.resolve();
    await flushMicrotasks();
  }
}

export async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
}

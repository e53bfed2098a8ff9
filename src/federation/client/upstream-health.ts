import type { UpstreamHealth, UpstreamState } from './upstream-client.types.js';

/** An upstream's health state and its listeners; a listener hears of each change of state. */
export class UpstreamHealthTracker {
  private current: UpstreamHealth;
  private readonly listeners = new Set<(health: UpstreamHealth) => void>();

  constructor(state: UpstreamState = 'connecting') {
    this.current = { state, since: new Date() };
  }

  get(): UpstreamHealth {
    return this.current;
  }

  /** Sets the state; listeners are called only when the state itself changes. */
  set(state: UpstreamState, lastError?: string): void {
    const changed = state !== this.current.state;
    this.current = {
      state,
      since: changed ? new Date() : this.current.since,
      ...(lastError === undefined ? {} : { lastError }),
    };
    if (!changed) return;
    for (const listener of this.listeners) listener(this.current);
  }

  subscribe(listener: (health: UpstreamHealth) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }
}

/**
 * Runs one task at a time per key; a request while one runs asks for exactly one more run
 * after it (a `list_changed` during a sync must not be lost, ten of them need one re-sync).
 */
export class SerialRuns {
  private readonly running = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();

  run(key: string, task: () => Promise<void>): Promise<void> {
    const current = this.running.get(key);
    if (current !== undefined) {
      this.again.add(key);
      return current;
    }
    const started = (async () => {
      try {
        do {
          this.again.delete(key);
          await task();
        } while (this.again.has(key));
      } finally {
        this.running.delete(key);
      }
    })();
    this.running.set(key, started);
    return started;
  }

  /** Resolves when no run is in progress for `key`. */
  settled(key: string): Promise<void> {
    return this.running.get(key) ?? Promise.resolve();
  }
}

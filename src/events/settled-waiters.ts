/**
 * Callers waiting for something another instance may settle (a keyed call, an approval; see
 * docs/approvals.md), by an id the ChangeBus notice carries. A wake-up only prompts a re-read of
 * the row: a lost notification costs a poll interval, never a wrong answer.
 */
export class SettledWaiters {
  private readonly waiting = new Map<string, Set<() => void>>();

  /**
   * Resolves on {@link wake} of `id`, after `pollMs`, or when `signal` aborts, whichever comes
   * first.
   */
  wait(id: string, pollMs: number, signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve) => {
      let set = this.waiting.get(id);
      if (set === undefined) this.waiting.set(id, (set = new Set()));
      const waiters = set;
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        waiters.delete(done);
        if (waiters.size === 0 && this.waiting.get(id) === waiters) this.waiting.delete(id);
        resolve();
      };
      const timer = setTimeout(done, pollMs);
      signal?.addEventListener('abort', done, { once: true });
      waiters.add(done);
    });
  }

  wake(id: string): void {
    const waiters = this.waiting.get(id);
    if (waiters === undefined) return;
    for (const done of [...waiters]) done();
  }
}

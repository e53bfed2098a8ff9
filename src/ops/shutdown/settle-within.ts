/**
 * Resolves `true` when `promise` settles within `ms`, `false` when the time runs out first.
 * The timer is cleared either way, so a finished wait never holds the event loop open.
 */
export function settleWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    // A promise that has already settled wins even against a spent budget (timer of 0).
    const timer = setTimeout(() => resolve(false), Math.max(ms, 0));
    const done = () => {
      clearTimeout(timer);
      resolve(true);
    };
    promise.then(done, done);
  });
}

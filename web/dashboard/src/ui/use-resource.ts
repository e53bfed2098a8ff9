import { useCallback, useEffect, useState } from 'preact/hooks';

import type { ApiError } from '../api/client.js';

export type Resource<T> =
  | { readonly state: 'loading' }
  | { readonly state: 'failed'; readonly error: Error }
  | { readonly state: 'ready'; readonly value: T };

/**
 * Loads `load()` when a dependency changes, and again on `reload()` (after a change, or on a
 * timer for live pages); a reload keeps showing the previous value until the new one arrives.
 */
export function useResource<T>(
  load: () => Promise<T>,
  dependencies: readonly unknown[],
): [Resource<T>, () => void] {
  const [resource, setResource] = useState<Resource<T>>({ state: 'loading' });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let current = true;
    load().then(
      (value) => current && setResource({ state: 'ready', value }),
      (error: unknown) => current && setResource({ state: 'failed', error: asError(error) }),
    );
    return () => {
      current = false;
    };
  }, [...dependencies, generation]);
  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  return [resource, reload];
}

/** Calls `tick` every `ms` while the page is shown. */
export function useInterval(tick: () => void, ms: number): void {
  useEffect(() => {
    const timer = setInterval(tick, ms);
    return () => clearInterval(timer);
  }, [tick, ms]);
}

export function asError(error: unknown): Error | ApiError {
  return error instanceof Error ? error : new Error(String(error));
}

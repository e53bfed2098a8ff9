/**
 * Nest narrates its own wiring at `log` level, one line per module (InstanceLoader) and per route
 * (RoutesResolver, RouterExplorer): detail for debugging that wiring, shown at `debug`.
 */
const WIRING_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

/** Nest's `Logger` passes the context as the last argument. */
export function isWiringDetail(params: readonly unknown[]): boolean {
  const context = params.at(-1);
  return typeof context === 'string' && WIRING_CONTEXTS.has(context);
}

/**
 * Nest's ExceptionHandler logs a failed start, stack and all, before it hands the error to the
 * caller (`abortOnError: false`). The entry point reports it instead, once, and in one line when
 * the cause is known (src/ops/startup-failure.ts).
 */
export function isStartupFailureReport(params: readonly unknown[]): boolean {
  return params.at(-1) === 'ExceptionHandler';
}

/** DI token of the function that ends the process; tests bind a recorder instead. */
export const PROCESS_EXIT = Symbol('PROCESS_EXIT');

export type ExitFunction = (code: number) => void;

/** Ends one kind of long-lived stream when the server drains (e.g. standalone SSE streams). */
export type DrainCallback = () => void | Promise<void>;

/**
 * Upper bound for `app.close()` (onModuleDestroy … onApplicationShutdown hooks: audit flush,
 * database close) after the grace period. Kubernetes' `terminationGracePeriodSeconds` must
 * cover drain delay + grace + this budget (docs/kubernetes.md).
 */
export const APP_CLOSE_TIMEOUT_MS = 10_000;

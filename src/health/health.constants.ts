/**
 * Readiness budgets. Kubernetes probes every few seconds and a load balancer may probe every
 * second: the database ping answers within {@link DB_PING_TIMEOUT_MS} even when Postgres
 * hangs (an unresponsive database is the dangerous case, not a refusing one), and one result
 * serves every probe for {@link READINESS_CACHE_MS}, so probes never add database load.
 */
export const DB_PING_TIMEOUT_MS = 1_000;
export const READINESS_CACHE_MS = 1_000;

/**
 * Bounds of the tasks extension (SEP-2663). A task stays readable for `TASK_TTL_MS` after its
 * creation (the `ttlMs` it announces); clients are asked to poll no faster than
 * `TASK_POLL_INTERVAL_MS`; finished rows past it are deleted by the retention job
 * (docs/data-lifecycle.md). The instance
 * running a task renews its `TASK_LEASE_MS` lease every `TASK_LEASE_RENEW_MS`, so two renewals
 * may fail (a slow database) before another instance declares the task abandoned.
 */
export const TASK_TTL_MS = 3_600_000;
export const TASK_POLL_INTERVAL_MS = 500;
export const TASK_LEASE_MS = 30_000;
export const TASK_LEASE_RENEW_MS = 10_000;

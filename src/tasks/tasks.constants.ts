/**
 * Bounds of the tasks extension (SEP-2663). A task stays readable for `TASK_TTL_MS` after its
 * creation (the `ttlMs` it announces); clients are asked to poll no faster than
 * `TASK_POLL_INTERVAL_MS`; expired rows are deleted every `TASK_SWEEP_INTERVAL_MS`.
 */
export const TASK_TTL_MS = 3_600_000;
export const TASK_POLL_INTERVAL_MS = 500;
export const TASK_SWEEP_INTERVAL_MS = 60_000;

import { defineSettings } from '../config/index.js';

const DAY_SECONDS = 86_400;

/** Data lifecycle (docs/data-lifecycle.md), from the `MCP_RETENTION_*` variables. */
export class RetentionSettings extends defineSettings('MCP_', (read) => ({
  /**
   * `MCP_RETENTION_INTERVAL_SECONDS`: how often one instance runs the retention jobs; one
   * minute by default.
   */
  intervalSeconds: read.integer('RETENTION_INTERVAL_SECONDS', 60, 1, DAY_SECONDS),
  /**
   * `MCP_RETENTION_BATCH_ROWS`: rows one DELETE removes at most, so a long backlog never holds
   * locks or a connection for long; a job repeats batches until its backlog is gone.
   */
  batchRows: read.integer('RETENTION_BATCH_ROWS', 5_000, 1, 100_000),
  /**
   * `MCP_RETENTION_SESSIONS_SECONDS`: how long a session row stays after it ended or went idle
   * (`MCP_SESSION_IDLE_MS`), for the admin API; seven days by default.
   */
  sessionsSeconds: read.integer(
    'RETENTION_SESSIONS_SECONDS',
    7 * DAY_SECONDS,
    0,
    3_650 * DAY_SECONDS,
  ),
  /**
   * `MCP_RETENTION_APPROVALS_SECONDS`: how long a settled call approval (rejected, expired,
   * executed, failed) stays after its last change; thirty days by default. Pending and approved
   * ones are never pruned.
   */
  approvalsSeconds: read.integer(
    'RETENTION_APPROVALS_SECONDS',
    30 * DAY_SECONDS,
    0,
    3_650 * DAY_SECONDS,
  ),
})) {}

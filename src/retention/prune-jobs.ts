import { SETTLED_APPROVAL_STATUSES } from '../approvals/call-approval.types.js';
import { STREAM_EVENT_MAX_AGE_MS } from '../sessions/streams/stream-limits.js';
import { FINISHED_EXPIRED_TASK } from '../tasks/postgres-task.store.js';
import type { PruneJob } from './prune-job.js';
import type { RetentionSettings } from './retention.settings.js';

/** What decides the age of the rows besides the retention settings. */
export interface PruneAges {
  /** `MCP_SESSION_IDLE_MS`: a session not seen for that long is over even without an end. */
  readonly sessionIdleMs: number;
}

const OLDER_THAN = (column: string, param: number): string =>
  `${column} < now() - $${param} * interval '1 millisecond'`;

/**
 * Every table the retention scheduler prunes, and when a row is past its retention
 * (docs/data-lifecycle.md): sessions some time after they ended or went idle, stream events
 * once nobody may resume from them, tasks that finished and outlived their TTL, idempotency
 * records past their expiry, and settled call approvals some time after their last change.
 * Pending and approved approvals and open tasks are never pruned.
 */
export function pruneJobs(settings: RetentionSettings, ages: PruneAges): PruneJob[] {
  const sessionsMs = settings.sessionsSeconds * 1000;
  return [
    {
      table: 'sessions',
      condition: `(ended_at IS NOT NULL AND ${OLDER_THAN('ended_at', 1)})
        OR (ended_at IS NULL AND ${OLDER_THAN('last_seen_at', 2)})`,
      params: [sessionsMs, sessionsMs + ages.sessionIdleMs],
    },
    {
      table: 'stream_events',
      condition: OLDER_THAN('created_at', 1),
      params: [STREAM_EVENT_MAX_AGE_MS],
    },
    { table: 'tasks', condition: FINISHED_EXPIRED_TASK, params: [] },
    { table: 'tool_call_results', condition: 'expires_at <= now()', params: [] },
    {
      table: 'call_approvals',
      // greatest() skips NULLs: the latest of creation, decision and execution.
      condition: `status = ANY($1) AND ${OLDER_THAN('greatest(created_at, decided_at, executed_at)', 2)}`,
      params: [[...SETTLED_APPROVAL_STATUSES], settings.approvalsSeconds * 1000],
    },
  ];
}

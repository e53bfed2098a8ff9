import type { Repository } from 'typeorm';

import { AuditLogEntryEntity } from '../../audit/audit-log-entry.entity.js';
import type { ToolCallOutcome } from '../../audit/audit-log.js';

/** Calls, errors and p95 latency of each tool called in the window, from `audit_log`. */
export interface RecentToolCalls {
  readonly windowMinutes: number;
  readonly tools: readonly {
    readonly name: string;
    readonly calls: number;
    /** Calls that ended in a failure of the tool or its input ({@link FAILED_OUTCOMES}). */
    readonly errors: number;
    /** Of the finished calls; `null` when none finished yet. */
    readonly p95Ms: number | null;
  }[];
}

export const RECENT_WINDOW_MINUTES = 60;

/** Outcomes counted as errors; declined, queued, cancelled and replayed calls are not. */
const FAILED_OUTCOMES: readonly ToolCallOutcome[] = [
  'tool_error',
  'invalid_arguments',
  'timeout',
  'internal_error',
];

/**
 * One aggregate over the window's `tool_call.started` rows, each joined to its finished row
 * (same correlation id), and its `tool_call.completed` rows, which hold their outcome
 * themselves; p95 is Postgres's `percentile_cont` of the finished calls' durations.
 */
export async function recentToolCalls(
  entries: Repository<AuditLogEntryEntity>,
): Promise<RecentToolCalls> {
  const rows = await entries
    .createQueryBuilder('s')
    .select('s.toolName', 'name')
    .addSelect('count(*)::int', 'calls')
    .addSelect(
      '(count(*) FILTER (WHERE coalesce(f.outcome, s.outcome) IN (:...failed)))::int',
      'errors',
    )
    .addSelect(
      'percentile_cont(0.95) WITHIN GROUP (ORDER BY coalesce(f.durationMs, s.durationMs))',
      'p95',
    )
    .leftJoin(
      AuditLogEntryEntity,
      'f',
      'f.correlationId = s.correlationId AND f.event = :finished',
      {
        finished: 'tool_call.finished',
      },
    )
    .where('s.event IN (:...calls)', { calls: ['tool_call.started', 'tool_call.completed'] })
    .andWhere(`s.occurredAt > now() - :minutes * interval '1 minute'`, {
      minutes: RECENT_WINDOW_MINUTES,
    })
    .setParameter('failed', FAILED_OUTCOMES)
    .groupBy('s.toolName')
    .orderBy('s.toolName')
    .getRawMany<{ name: string; calls: number; errors: number; p95: number | string | null }>();
  return {
    windowMinutes: RECENT_WINDOW_MINUTES,
    tools: rows.map((row) => ({
      name: row.name,
      calls: row.calls,
      errors: row.errors,
      p95Ms: row.p95 === null ? null : Math.round(Number(row.p95)),
    })),
  };
}

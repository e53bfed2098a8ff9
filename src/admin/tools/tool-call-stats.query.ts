import type { Repository, SelectQueryBuilder } from 'typeorm';

import { AuditLogEntryEntity } from '../../audit/audit-log-entry.entity.js';

/** Calls of one tool over the last 24 hours, from `audit_log` (admin path only). */
export interface ToolCallStats {
  readonly windowHours: number;
  readonly outcomes: Readonly<Record<string, number>>;
  readonly topCallers: readonly {
    readonly subject: string | null;
    readonly clientId: string | null;
    readonly calls: number;
    readonly lastCallAt: string;
  }[];
}

const WINDOW_HOURS = 24;
const TOP_CALLERS = 20;
const OUTCOME = "coalesce(f.outcome, s.outcome, 'in_flight')";

/**
 * Two aggregates through the entity's query builder, both on the `tool_name` index: the
 * outcomes of the tool's calls in the window (a `tool_call.completed` row holds its own; a
 * `tool_call.started` row without its `tool_call.finished` row is still in flight), and its
 * most frequent callers.
 */
export async function toolCallStats(
  entries: Repository<AuditLogEntryEntity>,
  name: string,
): Promise<ToolCallStats> {
  const [outcomes, callers] = await Promise.all([
    callsOf(entries, 's', name)
      .select(OUTCOME, 'outcome')
      .addSelect('count(*)::int', 'n')
      .leftJoin(
        AuditLogEntryEntity,
        'f',
        'f.correlationId = s.correlationId AND f.event = :finished',
        {
          finished: 'tool_call.finished',
        },
      )
      .groupBy(OUTCOME)
      .getRawMany<{ outcome: string; n: number }>(),
    callsOf(entries, 'c', name)
      .select('c.subject', 'subject')
      .addSelect('c.clientId', 'clientId')
      .addSelect('count(*)::int', 'calls')
      .addSelect('max(c.occurredAt)', 'lastCallAt')
      .groupBy('c.subject')
      .addGroupBy('c.clientId')
      .orderBy('calls', 'DESC')
      .addOrderBy('c.subject')
      .limit(TOP_CALLERS)
      .getRawMany<{
        subject: string | null;
        clientId: string | null;
        calls: number;
        lastCallAt: Date;
      }>(),
  ]);
  return {
    windowHours: WINDOW_HOURS,
    outcomes: Object.fromEntries(outcomes.map((row) => [row.outcome, row.n])),
    topCallers: callers.map((row) => ({
      subject: row.subject,
      clientId: row.clientId,
      calls: row.calls,
      lastCallAt: row.lastCallAt.toISOString(),
    })),
  };
}

/** The `tool_call.started` and `tool_call.completed` rows of tool `name` in the window, as `alias`. */
function callsOf(
  entries: Repository<AuditLogEntryEntity>,
  alias: string,
  name: string,
): SelectQueryBuilder<AuditLogEntryEntity> {
  return entries
    .createQueryBuilder(alias)
    .where(`${alias}.event IN (:...calls)`, { calls: ['tool_call.started', 'tool_call.completed'] })
    .andWhere(`${alias}.toolName = :name`, { name })
    .andWhere(`${alias}.occurredAt > now() - :hours * interval '1 hour'`, { hours: WINDOW_HOURS });
}

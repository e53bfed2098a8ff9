import { In, type Repository, type SelectQueryBuilder } from 'typeorm';

import { escapeNul } from '../persistence/postgres-text.js';
import { AuditLogEntryEntity } from './audit-log-entry.entity.js';
import type { StoredAuditRow } from './audit-row.columns.js';

/** Filters of an audit search; all optional, combined with AND. */
export interface AuditFilter {
  readonly from?: Date;
  readonly to?: Date;
  readonly subject?: string;
  readonly clientId?: string;
  readonly toolName?: string;
  /** Outcome of the call (its `tool_call.finished` row, or its own in a `tool_call.completed` row). */
  readonly outcome?: string;
  readonly event?: string;
}

/** A started, completed or change row, with the outcome of its call when it has finished. */
export interface AuditRecord extends StoredAuditRow {
  readonly result: {
    readonly outcome: string;
    readonly durationMs: number | null;
    readonly detail: string | null;
  } | null;
}

const FINISHED = 'tool_call.finished';
const COMPLETED = 'tool_call.completed';

/**
 * One record per call or change, newest first: a call's outcome row is folded into its started
 * row (same correlation id), so "who called what, with which outcome" is one record and the
 * outcome can be filtered together with the caller; a call audited in one row
 * (`tool_call.completed`) carries its outcome itself. Keyset pagination on `id` (stable under
 * appends). Two reads through the entity's repository: the page, then the outcomes of its calls
 * (both on indexes: the keyset and filters, IDX_audit_log_correlation_id).
 */
export async function queryAuditLog(
  entries: Repository<AuditLogEntryEntity>,
  filter: AuditFilter,
  before: string | undefined,
  limit: number,
): Promise<{ records: AuditRecord[]; nextCursor?: string }> {
  const rows = await pageQuery(entries, filter, before)
    .orderBy('a.id', 'DESC')
    .limit(limit + 1)
    .getMany();
  const page = rows.slice(0, limit);
  const calls = page.filter((row) => row.event === 'tool_call.started');
  const outcomes = new Map<string, AuditLogEntryEntity>();
  if (calls.length > 0) {
    const finished = await entries.find({
      select: { id: true, correlationId: true, outcome: true, durationMs: true, detail: true },
      where: { correlationId: In(calls.map((call) => call.correlationId)), event: FINISHED },
      order: { id: 'ASC' },
    });
    for (const row of finished)
      if (!outcomes.has(row.correlationId)) outcomes.set(row.correlationId, row);
  }
  const records = page.map((row) => recordOf(row, outcomes.get(row.correlationId)));
  const last = records.at(-1);
  return rows.length > limit && last !== undefined ? { records, nextCursor: last.id } : { records };
}

function pageQuery(
  entries: Repository<AuditLogEntryEntity>,
  filter: AuditFilter,
  before: string | undefined,
): SelectQueryBuilder<AuditLogEntryEntity> {
  const query = entries
    .createQueryBuilder('a')
    .where('a.event <> :finished', { finished: FINISHED });
  if (before !== undefined) query.andWhere('a.id < :before', { before });
  if (filter.from !== undefined) query.andWhere('a.occurredAt >= :from', { from: filter.from });
  if (filter.to !== undefined) query.andWhere('a.occurredAt < :to', { to: filter.to });
  if (filter.subject !== undefined) {
    query.andWhere('a.subject = :subject', { subject: escapeNul(filter.subject) });
  }
  if (filter.clientId !== undefined) {
    query.andWhere('a.clientId = :clientId', { clientId: escapeNul(filter.clientId) });
  }
  if (filter.toolName !== undefined) {
    query.andWhere('a.toolName = :toolName', { toolName: escapeNul(filter.toolName) });
  }
  if (filter.event !== undefined) query.andWhere('a.event = :event', { event: filter.event });
  if (filter.outcome !== undefined) {
    query.andWhere(
      (outer) =>
        '((a.event = :completed AND a.outcome = :outcome) OR EXISTS ' +
        outer
          .subQuery()
          .select('1')
          .from(AuditLogEntryEntity, 'f')
          .where('f.correlationId = a.correlationId')
          .andWhere('f.event = :finished')
          .andWhere('f.outcome = :outcome')
          .getQuery() +
        ')',
      { outcome: escapeNul(filter.outcome), completed: COMPLETED },
    );
  }
  return query;
}

function recordOf(
  row: AuditLogEntryEntity,
  finished: AuditLogEntryEntity | undefined,
): AuditRecord {
  return {
    ...row,
    occurredAt: row.occurredAt.toISOString(),
    result: resultOf(row.event === COMPLETED ? row : finished),
  };
}

function resultOf(row: AuditLogEntryEntity | undefined): AuditRecord['result'] {
  return row === undefined || row.outcome === null
    ? null
    : { outcome: row.outcome, durationMs: row.durationMs, detail: row.detail };
}

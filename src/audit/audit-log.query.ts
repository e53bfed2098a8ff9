import type { Pool } from 'pg';

import { escapeNul } from '../persistence/postgres-text.js';
import {
  AUDIT_SELECT,
  type AuditDbRow,
  type StoredAuditRow,
  storedAuditRow,
} from './audit-row.columns.js';

/** Filters of an audit search; all optional, combined with AND. */
export interface AuditFilter {
  readonly from?: Date;
  readonly to?: Date;
  readonly subject?: string;
  readonly clientId?: string;
  readonly toolName?: string;
  /** Outcome of the call (its `tool_call.finished` row). */
  readonly outcome?: string;
  readonly event?: string;
}

/** A started or change row, with the outcome of its call when it has finished. */
export interface AuditRecord extends StoredAuditRow {
  readonly result: {
    readonly outcome: string;
    readonly durationMs: number | null;
    readonly detail: string | null;
  } | null;
}

type RecordRow = AuditDbRow & {
  f_outcome: string | null;
  f_duration_ms: number | null;
  f_detail: string | null;
};

/**
 * One row per call or change, newest first: outcome rows are folded into their started row
 * (same correlation id), so "who called what, with which outcome" is one record and the outcome
 * can be filtered together with the caller. Keyset pagination on `id` (stable under appends).
 * The statement text is fixed: an absent filter is a NULL parameter.
 */
const PAGE_SQL = `
SELECT ${AUDIT_SELECT.replaceAll(/(\w+)/g, 'a.$1')},
  f.outcome AS f_outcome, f.duration_ms AS f_duration_ms, f.detail AS f_detail
FROM audit_log a
LEFT JOIN LATERAL (
  SELECT outcome, duration_ms, detail FROM audit_log f
  WHERE f.correlation_id = a.correlation_id AND f.event = 'tool_call.finished'
  ORDER BY f.id LIMIT 1
) f ON a.event = 'tool_call.started'
WHERE a.event <> 'tool_call.finished'
  AND ($1::bigint IS NULL OR a.id < $1)
  AND ($2::timestamptz IS NULL OR a.occurred_at >= $2)
  AND ($3::timestamptz IS NULL OR a.occurred_at < $3)
  AND ($4::text IS NULL OR a.subject = $4)
  AND ($5::text IS NULL OR a.client_id = $5)
  AND ($6::text IS NULL OR a.tool_name = $6)
  AND ($7::text IS NULL OR f.outcome = $7)
  AND ($8::text IS NULL OR a.event = $8)
ORDER BY a.id DESC
LIMIT $9`;

export async function queryAuditLog(
  pool: Pool,
  filter: AuditFilter,
  before: string | undefined,
  limit: number,
): Promise<{ records: AuditRecord[]; nextCursor?: string }> {
  const { rows } = await pool.query<RecordRow>(PAGE_SQL, [
    before ?? null,
    filter.from ?? null,
    filter.to ?? null,
    text(filter.subject),
    text(filter.clientId),
    text(filter.toolName),
    text(filter.outcome),
    text(filter.event),
    limit + 1,
  ]);
  const records = rows.slice(0, limit).map(toRecord);
  const last = records[records.length - 1];
  return rows.length > limit && last !== undefined ? { records, nextCursor: last.id } : { records };
}

function text(value: string | undefined): string | null {
  return value === undefined ? null : escapeNul(value);
}

function toRecord(row: RecordRow): AuditRecord {
  return {
    ...storedAuditRow(row),
    result:
      row.f_outcome === null
        ? null
        : { outcome: row.f_outcome, durationMs: row.f_duration_ms, detail: row.f_detail },
  };
}

import type { AuditEvent, AuditRow } from './audit-row.js';

/** `audit_log` columns in the shape of {@link StoredAuditRow} (one select list for every reader). */
export const AUDIT_SELECT = `id, correlation_id, event, occurred_at, subject, client_id, tenant,
  roles, transport, session_id, request_id, tool_name, tool_version, definition_sha256,
  arguments_sha256, arguments_redacted, outcome, duration_ms, detail, action, target,
  change_before, change_after, prev_hash, row_hash`;

/** A row as the `pg` driver returns {@link AUDIT_SELECT}. */
export interface AuditDbRow {
  id: string;
  correlation_id: string;
  event: AuditEvent;
  occurred_at: Date;
  subject: string | null;
  client_id: string | null;
  tenant: string | null;
  roles: string[] | null;
  transport: string | null;
  session_id: string | null;
  request_id: string | null;
  tool_name: string | null;
  tool_version: string | null;
  definition_sha256: string | null;
  arguments_sha256: string | null;
  arguments_redacted: unknown;
  outcome: string | null;
  duration_ms: number | null;
  detail: string | null;
  action: string | null;
  target: string | null;
  change_before: unknown;
  change_after: unknown;
  prev_hash: string | null;
  row_hash: string | null;
}

/** A stored row: its content plus its place in the chain. */
export interface StoredAuditRow extends AuditRow {
  /** bigint identity, as a string so no precision is lost. */
  readonly id: string;
  readonly prevHash: string | null;
  readonly rowHash: string | null;
}

export function storedAuditRow(row: AuditDbRow): StoredAuditRow {
  return {
    id: row.id,
    correlationId: row.correlation_id,
    event: row.event,
    occurredAt: row.occurred_at.toISOString(),
    subject: row.subject,
    clientId: row.client_id,
    tenant: row.tenant,
    roles: row.roles,
    transport: row.transport,
    sessionId: row.session_id,
    requestId: row.request_id,
    toolName: row.tool_name,
    toolVersion: row.tool_version,
    definitionSha256: row.definition_sha256,
    argumentsSha256: row.arguments_sha256,
    argumentsRedacted: row.arguments_redacted,
    outcome: row.outcome,
    durationMs: row.duration_ms,
    detail: row.detail,
    action: row.action,
    target: row.target,
    changeBefore: row.change_before,
    changeAfter: row.change_after,
    prevHash: row.prev_hash,
    rowHash: row.row_hash,
  };
}

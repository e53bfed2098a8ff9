import type { JsonObject } from '../protocol/json-rpc/json-rpc.types.js';
import type { CallApprovalEntity } from './call-approval.entity.js';
import type { CallApprovalRecord, CallApprovalStatus } from './call-approval.types.js';

/** The columns of `call_approvals` every statement returns, in {@link CallApprovalRow} names. */
export const APPROVAL_COLUMNS = `id, tool, tool_version, definition_sha256, arguments,
  arguments_sha256, principal_key, requester_subject, requester_tenant, requester_client,
  requester_roles, requester_scopes, transport, protocol_version, session_id, idempotency_key,
  status, decided_by, decision_reason, decided_at, expires_at, result, created_at, executed_at`;

export interface CallApprovalRow {
  id: string;
  tool: string;
  tool_version: string;
  definition_sha256: string;
  arguments: JsonObject;
  arguments_sha256: string;
  principal_key: string;
  requester_subject: string;
  requester_tenant: string | null;
  requester_client: string | null;
  requester_roles: string[];
  requester_scopes: string[];
  transport: string;
  protocol_version: string;
  session_id: string | null;
  idempotency_key: string | null;
  status: CallApprovalStatus;
  decided_by: string | null;
  decision_reason: string | null;
  decided_at: Date | null;
  expires_at: Date;
  result: JsonObject | null;
  created_at: Date;
  executed_at: Date | null;
}

export function recordOf(row: CallApprovalRow): CallApprovalRecord {
  return {
    id: row.id,
    tool: row.tool,
    toolVersion: row.tool_version,
    definitionSha256: row.definition_sha256,
    arguments: row.arguments,
    argumentsSha256: row.arguments_sha256,
    principalKey: row.principal_key,
    requester: {
      subject: row.requester_subject,
      tenant: row.requester_tenant,
      clientId: row.requester_client,
      roles: row.requester_roles,
      scopes: row.requester_scopes,
      transport: row.transport,
      protocolVersion: row.protocol_version,
      sessionId: row.session_id,
    },
    idempotencyKey: row.idempotency_key,
    status: row.status,
    decidedBy: row.decided_by,
    decisionReason: row.decision_reason,
    decidedAt: row.decided_at,
    expiresAt: row.expires_at,
    result: row.result,
    createdAt: row.created_at,
    executedAt: row.executed_at,
  };
}

/** What an audit row keeps of an approval before and after a change: no arguments, no result. */
export function auditViewOf(record: CallApprovalRecord): JsonObject {
  return {
    id: record.id,
    tool: record.tool,
    toolVersion: record.toolVersion,
    argumentsSha256: record.argumentsSha256,
    requester: record.requester.subject,
    requesterTenant: record.requester.tenant,
    status: record.status,
    decidedBy: record.decidedBy,
    decisionReason: record.decisionReason,
    expiresAt: record.expiresAt.toISOString(),
  };
}

/** The same record from the entity, as the admin list reads it through the repository. */
export function recordOfEntity(entity: CallApprovalEntity): CallApprovalRecord {
  return recordOf({
    id: entity.id,
    tool: entity.tool,
    tool_version: entity.toolVersion,
    definition_sha256: entity.definitionSha256,
    arguments: entity.arguments,
    arguments_sha256: entity.argumentsSha256,
    principal_key: entity.principalKey,
    requester_subject: entity.requesterSubject,
    requester_tenant: entity.requesterTenant,
    requester_client: entity.requesterClient,
    requester_roles: entity.requesterRoles,
    requester_scopes: entity.requesterScopes,
    transport: entity.transport,
    protocol_version: entity.protocolVersion,
    session_id: entity.sessionId,
    idempotency_key: entity.idempotencyKey,
    status: entity.status,
    decided_by: entity.decidedBy,
    decision_reason: entity.decisionReason,
    decided_at: entity.decidedAt,
    expires_at: entity.expiresAt,
    result: entity.result,
    created_at: entity.createdAt,
    executed_at: entity.executedAt,
  });
}

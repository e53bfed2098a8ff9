import type { CallApprovalRecord } from '../../approvals/call-approval.types.js';
import type { JsonObject } from '../../protocol/json-rpc/json-rpc.types.js';

/** One approval as the admin API shows it: the call, who asked, the decision and the outcome. */
export interface ApprovalAdminView {
  readonly id: string;
  readonly status: string;
  readonly tool: string;
  readonly toolVersion: string;
  readonly definitionSha256: string;
  readonly arguments: JsonObject;
  readonly argumentsSha256: string;
  readonly requester: {
    readonly subject: string;
    readonly tenant: string | null;
    readonly clientId: string | null;
    readonly sessionId: string | null;
  };
  readonly idempotencyKey: string | null;
  readonly decidedBy: string | null;
  readonly decisionReason: string | null;
  readonly decidedAt: string | null;
  readonly expiresAt: string;
  readonly result: JsonObject | null;
  readonly createdAt: string;
  readonly executedAt: string | null;
}

export function approvalViewOf(record: CallApprovalRecord): ApprovalAdminView {
  const { requester } = record;
  return {
    id: record.id,
    status: record.status,
    tool: record.tool,
    toolVersion: record.toolVersion,
    definitionSha256: record.definitionSha256,
    arguments: record.arguments,
    argumentsSha256: record.argumentsSha256,
    requester: {
      subject: requester.subject,
      tenant: requester.tenant,
      clientId: requester.clientId,
      sessionId: requester.sessionId,
    },
    idempotencyKey: record.idempotencyKey,
    decidedBy: record.decidedBy,
    decisionReason: record.decisionReason,
    decidedAt: record.decidedAt?.toISOString() ?? null,
    expiresAt: record.expiresAt.toISOString(),
    result: record.result,
    createdAt: record.createdAt.toISOString(),
    executedAt: record.executedAt?.toISOString() ?? null,
  };
}

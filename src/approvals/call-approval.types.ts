import type { JsonObject } from '../protocol/json-rpc/json-rpc.types.js';

export type CallApprovalStatus =
  'pending' | 'approved' | 'rejected' | 'expired' | 'executed' | 'failed';

export const CALL_APPROVAL_STATUSES: readonly CallApprovalStatus[] = [
  'pending',
  'approved',
  'rejected',
  'expired',
  'executed',
  'failed',
];

/** Statuses after which nothing changes any more: the caller's answer is known. */
export const SETTLED_APPROVAL_STATUSES: ReadonlySet<CallApprovalStatus> = new Set([
  'rejected',
  'expired',
  'executed',
  'failed',
]);

/** Who asked: enough to run the approved call as its requester. */
export interface CallRequester {
  readonly subject: string;
  readonly tenant: string | null;
  readonly clientId: string | null;
  readonly roles: readonly string[];
  readonly scopes: readonly string[];
  readonly transport: string;
  readonly protocolVersion: string;
  readonly sessionId: string | null;
}

/** A call to queue for approval. */
export interface NewCallApproval {
  readonly tool: string;
  readonly toolVersion: string;
  readonly definitionSha256: string;
  readonly arguments: JsonObject;
  readonly argumentsSha256: string;
  readonly principalKey: string;
  readonly requester: CallRequester;
  readonly idempotencyKey: string | null;
}

/** One row of `call_approvals` as the server and the admin API read it. */
export interface CallApprovalRecord extends NewCallApproval {
  readonly id: string;
  readonly status: CallApprovalStatus;
  readonly decidedBy: string | null;
  readonly decisionReason: string | null;
  readonly decidedAt: Date | null;
  readonly expiresAt: Date;
  readonly result: JsonObject | null;
  readonly createdAt: Date;
  readonly executedAt: Date | null;
}

/** An approver's decision on one approval. */
export interface ApprovalDecision {
  readonly id: string;
  readonly verdict: 'approved' | 'rejected';
  readonly reason: string | null;
}

/** Why a decision was refused; nothing changed. */
export type DecisionRefusal = 'unknown' | 'own_call' | 'not_pending';

/** The calls waiting for an approver (the approval-queue metrics). */
export interface ApprovalQueue {
  readonly pending: number;
  readonly oldestSeconds: number;
}

import type { CallApprovalRecord } from '../../approvals/call-approval.types.js';
import type { ToolDefinition } from '../../protocol/capabilities/capability.types.js';
import type { JsonObject } from '../../protocol/json-rpc/json-rpc.types.js';
import { errorResult, transientResult } from '../dispatcher/tool-call.results.js';
import { APPROVAL_KEY } from './approval-question.js';
import { admitsAwaitingApproval } from './awaiting-approval.schema.js';

/**
 * What the caller of a queued call gets while it waits (docs/approvals.md "Call approvals"): an
 * `isError` result, as the call has no result yet, naming the approval in `_meta` and, where the
 * tool's served output schema admits it, in `structuredContent.approval`.
 */
export function awaitingApprovalResult(
  approval: CallApprovalRecord,
  tool: ToolDefinition,
): JsonObject {
  const expiresAt = approval.expiresAt.toISOString();
  const state = { id: approval.id, status: approval.status, expiresAt };
  return transientResult({
    content: [
      {
        type: 'text',
        text:
          `The call to ${approval.tool} awaits approval by an approver (approval ${approval.id}, ` +
          `status ${approval.status}, expires ${expiresAt}); it has not run yet.`,
      },
    ],
    ...(admitsAwaitingApproval(tool) ? { structuredContent: { approval: state } } : {}),
    isError: true,
    _meta: { [APPROVAL_KEY]: state },
  });
}

export function declinedResult(tool: string): JsonObject {
  return transientResult(
    errorResult(`The user declined the call to ${tool}; it did not run and nothing changed.`),
  );
}

/** The answer an approval gives now: the call's own result, why it never ran, or its wait. */
export function settledApprovalResult(
  approval: CallApprovalRecord,
  tool: ToolDefinition,
): JsonObject {
  switch (approval.status) {
    case 'executed':
    case 'failed':
      return approval.result ?? errorResult(`The approved call to ${approval.tool} failed.`);
    case 'rejected':
      return errorResult(
        `The call to ${approval.tool} was rejected by ${approval.decidedBy ?? 'an approver'}: ` +
          `${approval.decisionReason ?? 'no reason given'}. It did not run.`,
      );
    case 'expired':
      return errorResult(
        `The call to ${approval.tool} expired without an approver's decision; it did not run.`,
      );
    case 'pending':
    case 'approved':
      return awaitingApprovalResult(approval, tool);
  }
}

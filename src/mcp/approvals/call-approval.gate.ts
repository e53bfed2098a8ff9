import { Injectable, Optional } from '@nestjs/common';

import { AuditLog } from '../../audit/audit-log.js';
import type { CallApprovalRecord } from '../../approvals/call-approval.types.js';
import { CallApprovals } from '../../approvals/call-approvals.service.js';
import { principalKeyOf } from '../../idempotency/idempotency.service.js';
import { RequestTelemetry } from '../../metrics/request-telemetry.js';
import { CallApprovalSource } from '../../policy/call-approval.source.js';
import type { RegisteredTool } from '../../protocol/capabilities/registered-capability.types.js';
import { isPlainObject } from '../../protocol/json-rpc/json-rpc-message.validator.js';
import type { JsonObject } from '../../protocol/json-rpc/json-rpc.types.js';
import { McpError } from '../../protocol/json-rpc/mcp-error.js';
import { MODERN_PROTOCOL_VERSION } from '../../protocol/protocol-version.js';
import type { DispatchCall } from '../dispatcher/dispatch-call.js';
import { McpToolError } from '../dispatcher/mcp-tool-error.js';
import { argumentsSha256Of, ToolCallAudit } from '../dispatcher/tool-call.audit.js';
import { APPROVAL_KEY, approvalQuestion, isConfirmed } from './approval-question.js';
import {
  awaitingApprovalResult,
  declinedResult,
  settledApprovalResult,
} from './approval-results.js';

/** Who must approve a call: the user of the client, or a second person (an approver). */
export type CallApprovalMode = 'user' | 'approver';

/** Runs the call; `approvedBy` goes into its audit outcome row. */
export type ApprovedRun = (approvedBy: string) => Promise<JsonObject>;

/**
 * The human approval of side effects (docs/approvals.md "Call approvals"): a call that needs it
 * runs only once the user confirmed it (elicitation, or a 2026-07-28 input-required round), or
 * else is queued in `call_approvals` for an approver and answered with its pending state. A task
 * waits for the decision instead. Without the approvals service (a core assembled alone) no call
 * needs approval.
 */
@Injectable()
export class CallApprovalGate {
  constructor(
    private readonly auditLog: AuditLog,
    @Optional() private readonly approvals?: CallApprovals,
    @Optional() private readonly telemetry?: RequestTelemetry,
    // The operators' `callApproval` per tool; none by default (the code decides).
    @Optional() private readonly policy?: CallApprovalSource,
  ) {}

  /**
   * Memory only: the policy's `callApproval` (`auto` waives it), else the code's
   * `destructiveHint: true` (MCP ToolAnnotations) asks the user.
   */
  modeOf(tool: RegisteredTool): CallApprovalMode | undefined {
    if (this.approvals === undefined) return undefined;
    const { definition } = tool;
    const chosen = this.policy?.callApprovalFor(definition.name);
    if (chosen !== undefined) return chosen === 'auto' ? undefined : chosen;
    return definition.annotations?.destructiveHint === true ? 'user' : undefined;
  }

  async gate(
    tool: RegisteredTool,
    args: JsonObject,
    key: string | undefined,
    call: DispatchCall,
    timeoutMs: number,
    run: ApprovedRun,
  ): Promise<JsonObject> {
    const approvals = this.approvals as CallApprovals;
    const argumentsSha256 = argumentsSha256Of(args);
    if (key !== undefined) {
      const earlier = await approvals.findByKey(principalKeyOf(call.ctx.principal), key);
      if (earlier !== undefined) {
        return this.answerRetry(earlier, tool, args, argumentsSha256, key, call);
      }
    }
    if (this.modeOf(tool) === 'user' && canAskUser(call)) {
      const answer = await askUser(tool, args, call, timeoutMs);
      if (answer !== undefined && isConfirmed(answer)) return run('user');
      const audit = await this.startAudit(tool, args, argumentsSha256, call);
      audit.finish('approval_declined', undefined, this.telemetry);
      return declinedResult(tool.definition.name);
    }
    return this.queue(approvals, tool, args, argumentsSha256, key, call);
  }

  private async queue(
    approvals: CallApprovals,
    tool: RegisteredTool,
    args: JsonObject,
    argumentsSha256: string,
    key: string | undefined,
    call: DispatchCall,
  ): Promise<JsonObject> {
    const audit = await this.startAudit(tool, args, argumentsSha256, call);
    const { principal } = call.ctx;
    let approval: CallApprovalRecord;
    try {
      approval = await approvals.request({
        tool: tool.definition.name,
        toolVersion: tool.definition.version,
        definitionSha256: tool.definition.definitionSha256,
        arguments: args,
        argumentsSha256,
        principalKey: principalKeyOf(principal),
        requester: {
          subject: principal.subject,
          tenant: principal.tenant ?? null,
          clientId: principal.clientId ?? null,
          roles: principal.roles,
          scopes: [...principal.scopes],
          transport: call.ctx.transport,
          protocolVersion: call.ctx.protocolVersion,
          sessionId: call.ctx.session?.id ?? null,
        },
        idempotencyKey: key ?? null,
      });
    } catch (error) {
      audit.finish('internal_error', undefined, this.telemetry);
      throw error;
    }
    audit.finish('approval_pending', approval.id, this.telemetry);
    if (!call.runsAsTask) return awaitingApprovalResult(approval, tool.definition);
    // A task stays `working` until the decision, then ends with the call's own answer.
    const settled = await approvals.settlement(approval.id, call.signal);
    return settled === undefined
      ? awaitingApprovalResult(approval, tool.definition)
      : settledApprovalResult(settled, tool.definition);
  }

  /** A retry under the key of a queued call: its state now, the same call only. */
  private async answerRetry(
    approval: CallApprovalRecord,
    tool: RegisteredTool,
    args: JsonObject,
    argumentsSha256: string,
    key: string,
    call: DispatchCall,
  ): Promise<JsonObject> {
    if (approval.tool !== tool.definition.name || approval.argumentsSha256 !== argumentsSha256) {
      throw McpError.invalidParams(
        `Invalid params: idempotency key ${JSON.stringify(key)} was already used with other ` +
          'arguments or another tool; nothing ran',
      );
    }
    const audit = await this.startAudit(tool, args, argumentsSha256, call);
    if (approval.status === 'pending' || approval.status === 'approved') {
      audit.finish('approval_pending', approval.id, this.telemetry);
      return awaitingApprovalResult(approval, tool.definition);
    }
    audit.finish('replayed', approval.id, this.telemetry);
    return settledApprovalResult(approval, tool.definition);
  }

  private startAudit(
    tool: RegisteredTool,
    args: JsonObject,
    argumentsSha256: string,
    call: DispatchCall,
  ): Promise<ToolCallAudit> {
    return ToolCallAudit.start(this.auditLog, tool, args, argumentsSha256, call);
  }
}

/**
 * The client can ask its user: it declared elicitation, and (before 2026-07-28) has the session
 * a server→client request travels on.
 */
function canAskUser(call: DispatchCall): boolean {
  const { ctx } = call;
  if (!isPlainObject(ctx.clientCapabilities.elicitation)) return false;
  return ctx.protocolVersion === MODERN_PROTOCOL_VERSION || ctx.session !== undefined;
}

/**
 * The user's answer, or `undefined` when the client refused the request or did not answer
 * within the call's timeout. On 2026-07-28 the first round ends here with `input_required`.
 */
async function askUser(
  tool: RegisteredTool,
  args: JsonObject,
  call: DispatchCall,
  timeoutMs: number,
): Promise<JsonObject | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const unanswered = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), timeoutMs);
  });
  try {
    const asked = call.handlerContext.requestInput(
      APPROVAL_KEY,
      'elicitation/create',
      approvalQuestion(tool, args),
    );
    return await Promise.race([asked, unanswered]);
  } catch (error) {
    // The client answered the request with an error (or lacks a session): no approval.
    if (error instanceof McpToolError) return undefined;
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

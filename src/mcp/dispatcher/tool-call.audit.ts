import { hash } from 'node:crypto';

import { AuditLog, AuditUnavailableError, type ToolCallOutcome } from '../../audit/audit-log.js';
import type { RequestTelemetry } from '../../metrics/request-telemetry.js';
import type { RegisteredTool } from '../../protocol/capabilities/registered-capability.types.js';
import { JsonRpcErrorCode } from '../../protocol/json-rpc/json-rpc-error-codes.js';
import type { JsonObject } from '../../protocol/json-rpc/json-rpc.types.js';
import { McpError } from '../../protocol/json-rpc/mcp-error.js';
import { canonicalJson } from '../../protocol/schema/canonical-json.js';
import type { DispatchCall } from './dispatch-call.js';

/** SHA-256 (hex) of the canonical JSON of a call's arguments: what the audit and retries compare. */
export function argumentsSha256Of(args: JsonObject): string {
  return hash('sha256', canonicalJson(args), 'hex');
}

/**
 * Writes the "started" row of a tool call and resolves once its COMMIT is acknowledged; when
 * the audit log cannot write it, rejects with 503 -32003 and nothing may run
 * (docs/architecture.md "The audit contract"). Every path that answers a `tools/call` with a
 * result (a run, a replay, an approval request) starts here.
 */
export async function recordToolCallStarted(
  auditLog: AuditLog,
  tool: RegisteredTool,
  args: JsonObject,
  argumentsSha256: string,
  call: DispatchCall,
): Promise<void> {
  const { ctx } = call;
  const { definition } = tool;
  try {
    await auditLog.recordStarted({
      correlationId: ctx.correlationId,
      requestId: String(call.request.id),
      sessionId: ctx.session?.id,
      subject: ctx.principal.subject,
      clientId: ctx.principal.clientId,
      tenant: ctx.principal.tenant,
      roles: ctx.principal.roles,
      transport: ctx.transport,
      toolName: definition.name,
      toolVersion: definition.version,
      definitionSha256: definition.definitionSha256,
      argumentsSha256,
      arguments: args,
    });
  } catch (error) {
    if (!(error instanceof AuditUnavailableError)) throw error;
    throw new McpError(
      JsonRpcErrorCode.Unavailable,
      'audit log unavailable; the tool did not run',
      undefined,
      503,
    );
  }
}

/**
 * The audit rows of an answer that runs no handler (a replay, an approval asked or declined):
 * the "started" row committed first (fail closed), then the outcome row, counted like a run.
 */
export class ToolCallAudit {
  private constructor(
    private readonly auditLog: AuditLog,
    private readonly tool: RegisteredTool,
    private readonly call: DispatchCall,
    private readonly started: number,
  ) {}

  static async start(
    auditLog: AuditLog,
    tool: RegisteredTool,
    args: JsonObject,
    argumentsSha256: string,
    call: DispatchCall,
  ): Promise<ToolCallAudit> {
    const started = performance.now();
    await recordToolCallStarted(auditLog, tool, args, argumentsSha256, call);
    return new ToolCallAudit(auditLog, tool, call, started);
  }

  finish(outcome: ToolCallOutcome, detail: string | undefined, telemetry?: RequestTelemetry): void {
    this.auditLog.recordFinished({
      correlationId: this.call.ctx.correlationId,
      outcome,
      durationMs: Math.round(performance.now() - this.started),
      ...(detail === undefined ? {} : { detail }),
    });
    telemetry?.toolFinished(this.tool.definition, outcome, this.started);
  }
}

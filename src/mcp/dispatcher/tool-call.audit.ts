import { hash } from 'node:crypto';

import {
  AuditLog,
  AuditUnavailableError,
  type ToolCallCompleted,
  type ToolCallFinished,
  type ToolCallOutcome,
  type ToolCallStarted,
} from '../../audit/audit-log.js';
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

/** Who called which tool with what: the columns a call's first (or only) row holds. */
function callEntry(
  tool: RegisteredTool,
  args: JsonObject,
  argumentsSha256: string,
  call: DispatchCall,
): ToolCallStarted {
  const { ctx } = call;
  const { definition } = tool;
  return {
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
  };
}

/** A durable write failed: answer 503 -32003 saying what did not happen. */
async function failClosed(write: Promise<void>, consequence: string): Promise<void> {
  try {
    await write;
  } catch (error) {
    if (!(error instanceof AuditUnavailableError)) throw error;
    throw new McpError(
      JsonRpcErrorCode.Unavailable,
      `audit log unavailable; ${consequence}`,
      undefined,
      503,
    );
  }
}

/**
 * Writes the "started" row of a tool call and resolves once its COMMIT is acknowledged; when
 * the audit log cannot write it, rejects with 503 -32003 and nothing may run
 * (docs/architecture.md "The audit contract"). Every path that answers a `tools/call` of a tool
 * audited in two rows (a run, a replay, an approval request) starts here.
 */
export function recordToolCallStarted(
  auditLog: AuditLog,
  tool: RegisteredTool,
  args: JsonObject,
  argumentsSha256: string,
  call: DispatchCall,
): Promise<void> {
  const entry = callEntry(tool, args, argumentsSha256, call);
  return failClosed(auditLog.recordStarted(entry), 'the tool did not run');
}

/**
 * Writes the one row of a call of a tool audited in one row, after it ran, and resolves once
 * its COMMIT is acknowledged; when the audit log cannot write it, rejects with 503 -32003 and
 * the result is withheld: no result reaches a client unaudited.
 */
export function recordToolCallCompleted(
  auditLog: AuditLog,
  tool: RegisteredTool,
  args: JsonObject,
  argumentsSha256: string,
  call: DispatchCall,
  { outcome, durationMs, detail }: ToolCallFinished,
): Promise<void> {
  // Added to the started entry rather than spread with it into a new object: the spread copy
  // of its 13 members cost ~2.5 us per call, added ~0.2 (README "Performance").
  const entry: ToolCallCompleted = Object.assign(callEntry(tool, args, argumentsSha256, call), {
    outcome,
    durationMs,
    detail,
  });
  return failClosed(auditLog.recordCompleted(entry), 'the result was withheld');
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

import { Inject, Injectable, Logger, Optional } from '@nestjs/common';

import { AuditLog, type ToolCallFinished, type ToolCallOutcome } from '../../audit/audit-log.js';
import type { AppConfig } from '../../config/app-config.js';
import { RequestTelemetry } from '../../metrics/request-telemetry.js';
import { APP_CONFIG } from '../../config/config.constants.js';
import { AuditRowsSource } from '../../policy/audit-rows.source.js';
import { ToolTimeoutSource } from '../../policy/tool-timeout.source.js';
import { CallApprovalGate } from '../approvals/call-approval.gate.js';
import { McpAccessDeniedError } from '../discovery/mcp-access-denied.error.js';
import type { RegisteredTool } from '../../protocol/capabilities/registered-capability.types.js';
import type { JsonObject } from '../../protocol/json-rpc/json-rpc.types.js';
import { McpError } from '../../protocol/json-rpc/mcp-error.js';
import { InputRequiredSignal } from '../modern/mrtr/input-required.signal.js';
import { internalErrorObject } from '../../protocol/json-rpc/json-rpc-responses.js';
import type { DispatchCall } from './dispatch-call.js';
import { IdempotentToolCalls } from './idempotent-tool-calls.js';
import { McpToolError } from './mcp-tool-error.js';
import { unknownToolError } from './not-found.errors.js';
import {
  argumentsSha256Of,
  recordToolCallCompleted,
  recordToolCallStarted,
} from './tool-call.audit.js';
import { auditRowsOf } from './tool-audit-rows.js';
import { errorResult, failedRunResult } from './tool-call.results.js';

/** Abort reason of a tool that ran past its timeout. */
export class ToolTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`Tool timed out after ${timeoutMs} ms`);
    this.name = 'ToolTimeoutError';
  }
}

/** The call ended without a result for the client; `outcome` says why, for the audit row. */
class CallEnded extends Error {
  constructor(
    readonly outcome: ToolCallOutcome,
    readonly reason: unknown,
    readonly result?: JsonObject,
  ) {
    super(outcome);
  }
}

/** How the call ended: the result to send, or the error to answer with. */
type Answer = { readonly result: JsonObject } | { readonly error: unknown };

/**
 * Runs one authorized `tools/call` (tools §Calling tools) with the guarantees of
 * docs/architecture.md "The hot path" and "The audit contract": invalid arguments never reach the
 * handler; the handler starts only after its "started" audit row is committed (fail closed), or,
 * for a tool audited in one row, its result leaves only after that row is committed; it is
 * bounded by a timeout and aborted on cancellation; its failures become `isError` results without
 * internal detail; its output is checked against the declared schema and the size limit; the
 * outcome is audited.
 */
@Injectable()
export class ToolCallRunner {
  private readonly logger = new Logger(ToolCallRunner.name);
  private readonly defaultTimeoutMs: number;
  private readonly maxOutputBytes: number;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly auditLog: AuditLog,
    private readonly idempotent: IdempotentToolCalls,
    private readonly approvals: CallApprovalGate,
    // Optional so the core can be assembled without the ops modules (unit harnesses).
    @Optional() private readonly telemetry?: RequestTelemetry,
    // The policy override of timeouts; none by default (the tool's declaration applies).
    @Optional() private readonly timeouts?: ToolTimeoutSource,
    // The policy override of audit rows; none by default (the annotations decide).
    @Optional() private readonly auditRows?: AuditRowsSource,
  ) {
    this.defaultTimeoutMs = config.limits.toolTimeoutMs;
    this.maxOutputBytes = config.limits.maxToolOutputBytes;
  }

  async run(tool: RegisteredTool, args: JsonObject, call: DispatchCall): Promise<JsonObject> {
    const key = this.idempotent.keyOf(tool, args, call);
    const input = await tool.parseInput(args);
    if (!input.ok) return errorResult(`Invalid arguments: ${input.problems}`);
    if (key === undefined && this.approvals.modeOf(tool) === undefined) {
      return this.execute(tool, input.value, args, call);
    }
    return this.guarded(tool, input.value, args, key, call);
  }

  /**
   * Runs a call an approver approved (docs/approvals.md "Call approvals"): checked, audited and
   * bounded like any call, without asking for approval again.
   */
  async runApproved(
    tool: RegisteredTool,
    args: JsonObject,
    call: DispatchCall,
    approvalId: string,
  ): Promise<JsonObject> {
    const input = await tool.parseInput(args);
    if (!input.ok) return errorResult(`Invalid arguments: ${input.problems}`);
    return this.execute(tool, input.value, args, call, `approval:${approvalId}`);
  }

  /** A call with an idempotency key, or one that needs approval (docs/approvals.md). */
  private guarded(
    tool: RegisteredTool,
    input: unknown,
    args: JsonObject,
    key: string | undefined,
    call: DispatchCall,
  ): Promise<JsonObject> {
    const timeoutMs = this.timeoutMsFor(tool);
    const approved = (approvedBy: string) =>
      this.execute(tool, input, args, call, `approved_by:${approvedBy}`);
    const gated =
      this.approvals.modeOf(tool) === undefined
        ? () => this.execute(tool, input, args, call)
        : () => this.approvals.gate(tool, args, key, call, timeoutMs, approved);
    if (key === undefined) return gated();
    return this.idempotent.run(tool, args, key, call, timeoutMs, gated);
  }

  /** The call's timeout: policy override, else the tool's declaration, else the server default. */
  timeoutMsFor(tool: RegisteredTool): number {
    return (
      this.timeouts?.timeoutMsFor(tool.definition.name) ??
      tool.definition.timeoutMs ??
      this.defaultTimeoutMs
    );
  }

  /**
   * `approval`: who or what approved the call, for its outcome row; an approved call is audited
   * in two rows whatever the tool (someone decided it may change something).
   */
  private async execute(
    tool: RegisteredTool,
    input: unknown,
    args: JsonObject,
    call: DispatchCall,
    approval?: string,
  ): Promise<JsonObject> {
    const { definition } = tool;
    const argumentsSha256 = argumentsSha256Of(args);
    const oneRow = approval === undefined && auditRowsOf(tool, this.auditRows) === 'one';
    if (!oneRow) await recordToolCallStarted(this.auditLog, tool, args, argumentsSha256, call);
    const started = performance.now();
    const span = this.telemetry?.toolStarting(definition);
    let outcome: ToolCallOutcome = 'internal_error';
    let detail = approval;
    let answer: Answer;
    try {
      const result = await (span === undefined
        ? this.invoke(tool, input, call)
        : span.run(() => this.invoke(tool, input, call)));
      outcome = result.isError === true ? 'tool_error' : 'success';
      answer = { result };
    } catch (error) {
      if (error instanceof CallEnded) {
        outcome = error.outcome;
        if (error.reason instanceof McpError) detail = String(error.reason.code);
        answer = error.result !== undefined ? { result: error.result } : { error: error.reason };
      } else answer = { error };
    }
    this.telemetry?.toolFinished(definition, outcome, started, span);
    const finished: ToolCallFinished = {
      correlationId: call.ctx.correlationId,
      outcome,
      durationMs: Math.round(performance.now() - started),
      ...(detail === undefined ? {} : { detail }),
    };
    if (oneRow) {
      await recordToolCallCompleted(this.auditLog, tool, args, argumentsSha256, call, finished);
    } else this.auditLog.recordFinished(finished);
    if ('error' in answer) throw answer.error;
    return answer.result;
  }

  /** Resolves with the result to send, or throws {@link CallEnded}. */
  private async invoke(
    tool: RegisteredTool,
    input: unknown,
    call: DispatchCall,
  ): Promise<JsonObject> {
    const timeoutMs = this.timeoutMsFor(tool);
    const timer = setTimeout(() => call.abort(new ToolTimeoutError(timeoutMs)), timeoutMs);
    let result: JsonObject;
    try {
      // A handler that ignores its signal must not hold the response: the abort wins the race.
      result = await call.untilAborted(tool.invoke(input, call.handlerContext));
    } catch (error) {
      throw this.failure(error, tool, call);
    } finally {
      clearTimeout(timer);
    }
    return this.checkOutput(tool, result, call);
  }

  private failure(error: unknown, tool: RegisteredTool, call: DispatchCall): CallEnded {
    const aborted = call.abortReason;
    const reason: unknown = aborted ?? error;
    if (reason instanceof ToolTimeoutError) {
      return new CallEnded('timeout', reason, failedRunResult(reason.message));
    }
    if (aborted !== undefined) return new CallEnded('cancelled', reason);
    // 2026-07-28: the tool asked for input; the dispatcher answers `input_required` (SEP-2322).
    if (error instanceof InputRequiredSignal) return new CallEnded('input_required', error);
    if (error instanceof McpAccessDeniedError) {
      return new CallEnded('tool_error', unknownToolError(tool.definition.name));
    }
    if (error instanceof McpError) return new CallEnded('tool_error', error);
    if (error instanceof McpToolError) {
      return new CallEnded('tool_error', error, failedRunResult(error.message));
    }
    this.logger.error(
      `tool handler failed [correlationId=${call.ctx.correlationId}]`,
      error instanceof Error ? error.stack : String(error),
    );
    const text = `Tool execution failed (correlationId: ${call.ctx.correlationId})`;
    return new CallEnded('tool_error', error, failedRunResult(text));
  }

  private checkOutput(tool: RegisteredTool, result: JsonObject, call: DispatchCall): JsonObject {
    if (tool.validateOutput !== undefined && result.isError !== true) {
      const problem = tool.validateOutput(result.structuredContent);
      if (problem !== undefined) {
        // The tool broke its own declared contract: a server fault, not a tool error (tools
        // §Output schema: servers MUST return conforming structured content).
        this.logger.error(
          `tool ${tool.definition.name} returned structuredContent violating its output schema ` +
            `[correlationId=${call.ctx.correlationId}]: ${problem}`,
        );
        const { code, message, data } = internalErrorObject(call.ctx.correlationId);
        throw new CallEnded('internal_error', new McpError(code, message, data));
      }
    }
    const bytes = Buffer.byteLength(JSON.stringify(result));
    if (bytes > this.maxOutputBytes) {
      return errorResult(`Tool output too large: ${bytes} bytes exceeds ${this.maxOutputBytes}`);
    }
    return result;
  }
}

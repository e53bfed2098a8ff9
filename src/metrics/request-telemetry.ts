import { Injectable, Optional } from '@nestjs/common';

import type { ToolCallOutcome } from '../audit/audit-log.js';
import { RequestLogLine } from '../logging/request-log-line.js';
import type { RequestContext } from '../protocol/context/request-context.js';
import type { JsonRpcRequest } from '../protocol/json-rpc/json-rpc.types.js';
import { McpTracer } from '../tracing/mcp-tracer.js';
import type { ToolSpan } from '../tracing/tool-span.js';
import { McpMetrics } from './mcp-metrics.service.js';

/**
 * How a JSON-RPC request ended, as counted and logged: `error` is an error response the
 * protocol defines (invalid params, not found, 503 audit unavailable...), `internal_error` a
 * fault of the server (-32603 with a correlation id), `cancelled` a request answered by no
 * response (client cancellation, closed stream).
 */
export type RequestOutcome = 'ok' | 'error' | 'internal_error' | 'cancelled';

/** What a tool's telemetry needs of its definition. */
export interface ToolIdentity {
  readonly name: string;
  readonly version: string;
}

/**
 * The per-request observability of the MCP core, called once when a request is answered: the
 * request counter and latency histogram by method and outcome, the tools/list counter, and the one
 * structured log line (request id = the correlation id an internal error names, session, principal,
 * client, method, tool, outcome, duration). Metric label children are memoized by
 * {@link McpMetrics}; the log line's fields are only built when info is enabled.
 */
@Injectable()
export class RequestTelemetry {
  constructor(
    private readonly metrics: McpMetrics,
    private readonly requestLog: RequestLogLine,
    // Provided only when OTEL_EXPORTER_OTLP_ENDPOINT is set (docs/tracing.md).
    @Optional() private readonly tracer?: McpTracer,
  ) {}

  /** `startedAt` is a `performance.now()` reading taken when the request reached the core. */
  requestFinished(
    request: JsonRpcRequest,
    ctx: RequestContext,
    outcome: RequestOutcome,
    startedAt: number,
  ): void {
    const ms = performance.now() - startedAt;
    const { method } = request;
    this.metrics.requestHandled(method, outcome, ms / 1000);
    if (method === 'tools/list') this.metrics.toolsListed();
    if (!this.requestLog.enabled) return;
    const name = method === 'tools/call' ? request.params?.name : undefined;
    this.requestLog.write({
      requestId: ctx.correlationId,
      session: ctx.session?.id,
      principal: ctx.principal.subject,
      client: ctx.principal.clientId ?? ctx.clientInfo?.name,
      method,
      tool: typeof name === 'string' ? name : undefined,
      outcome,
      durationMs: Math.round(ms * 1000) / 1000,
    });
  }

  /**
   * A tool handler is about to run: with tracing on, its `execute_tool` span, current while the
   * handler runs ({@link ToolSpan.run}); `undefined` when tracing is off.
   */
  toolStarting(tool: ToolIdentity): ToolSpan | undefined {
    return this.tracer?.startTool(tool);
  }

  /**
   * A tool call finished (its "started" audit row was durable): by tool, version, outcome; with
   * tracing on, its `execute_tool` span ends (`span` from {@link toolStarting}), or is recorded
   * now when no handler ran (a replay, an approval asked).
   */
  toolFinished(
    tool: ToolIdentity,
    outcome: ToolCallOutcome,
    startedAt: number,
    span?: ToolSpan,
  ): void {
    this.metrics.toolCalled(
      tool.name,
      tool.version,
      outcome,
      (performance.now() - startedAt) / 1000,
    );
    if (span !== undefined) span.end(outcome);
    else this.tracer?.toolFinished(tool, outcome, startedAt);
  }
}

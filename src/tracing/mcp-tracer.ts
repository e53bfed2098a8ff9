import { AsyncLocalStorage } from 'node:async_hooks';

import {
  type Context,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
  type Tracer,
} from '@opentelemetry/api';
import { ATTR_ERROR_TYPE } from '@opentelemetry/semantic-conventions';

import type { ToolCallOutcome } from '../audit/audit-log.js';
import type { RequestContext } from '../protocol/context/request-context.js';
import { isPlainObject } from '../protocol/json-rpc/json-rpc-message.validator.js';
import type { JsonRpcRequest, JsonRpcResponse } from '../protocol/json-rpc/json-rpc.types.js';
import { requestSpanShape } from './request-span.attributes.js';
import {
  EXECUTE_TOOL_OPERATION,
  GEN_AI_OPERATION_NAME,
  GEN_AI_TOOL_NAME,
  MCP_TOOL_OUTCOME,
  MCP_TOOL_VERSION,
  RPC_RESPONSE_STATUS_CODE,
} from './trace-attributes.js';
import { readTraceParent, type TraceCarrier } from './trace-context.reader.js';

/** Tool outcomes that are not failures of the call (semconv: `error.type` only on failure). */
const NOT_FAILED: ReadonlySet<ToolCallOutcome> = new Set([
  'success',
  'input_required',
  'replayed',
  'approval_pending',
]);

/**
 * Spans of the MCP core (docs/tracing.md): one SERVER span per JSON-RPC request and one INTERNAL
 * `execute_tool <name>` child per tool run (semconv GenAI tool execution). Only provided when
 * `OTEL_EXPORTER_OTLP_ENDPOINT` is set, so callers hold it as an optional dependency and pay one
 * `undefined` check when tracing is off.
 *
 * The parent travels in an AsyncLocalStorage owned here rather than the global OTel context
 * manager: no process-wide registration, so several app instances (tests) never share state.
 */
export class McpTracer {
  private readonly parents = new AsyncLocalStorage<Context>();

  constructor(private readonly tracer: Tracer) {}

  /**
   * Runs `serve` with the W3C trace context of an HTTP request's headers as the parent of the
   * request spans it starts; headers win over `params._meta` (they are the transport's own).
   */
  withHttpParent<T>(headers: TraceCarrier, serve: () => T): T {
    const parent = readTraceParent(headers);
    return parent === undefined ? serve() : this.parents.run(parent, serve);
  }

  /**
   * Serves one request inside its span. `responseOf` picks the JSON-RPC answer out of what
   * `serve` resolves to (`undefined`: cancelled, nothing sent). `ctx` is absent for `initialize`.
   */
  async traceRequest<T>(
    request: JsonRpcRequest,
    ctx: RequestContext | undefined,
    serve: () => Promise<T>,
    responseOf: (served: T) => JsonRpcResponse | undefined,
  ): Promise<T> {
    const { name, attributes } = requestSpanShape(request, ctx);
    const span = this.tracer.startSpan(
      name,
      { kind: SpanKind.SERVER, attributes },
      this.parentOf(request),
    );
    try {
      const served = await this.parents.run(trace.setSpan(ROOT_CONTEXT, span), serve);
      const response = responseOf(served);
      if (response !== undefined && 'error' in response) {
        failed(span, String(response.error.code));
        span.setAttribute(RPC_RESPONSE_STATUS_CODE, String(response.error.code));
      }
      return served;
    } catch (error) {
      failed(span, error instanceof Error ? error.name : 'unknown');
      throw error;
    } finally {
      span.end();
    }
  }

  /**
   * A tool handler finished. Recorded at the end with its real start time (a `performance.now()`
   * reading, which the SDK anchors to the epoch), so a running tool costs nothing; its parent is
   * the request span {@link traceRequest} made current.
   */
  toolFinished(
    tool: { readonly name: string; readonly version: string },
    outcome: ToolCallOutcome,
    startedAt: number,
  ): void {
    const span = this.tracer.startSpan(
      `${EXECUTE_TOOL_OPERATION} ${tool.name}`,
      {
        kind: SpanKind.INTERNAL,
        startTime: startedAt,
        attributes: {
          [GEN_AI_OPERATION_NAME]: EXECUTE_TOOL_OPERATION,
          [GEN_AI_TOOL_NAME]: tool.name,
          [MCP_TOOL_VERSION]: tool.version,
          [MCP_TOOL_OUTCOME]: outcome,
        },
      },
      this.parents.getStore(),
    );
    if (!NOT_FAILED.has(outcome)) failed(span, outcome);
    span.end();
  }

  /** HTTP headers (current store) first, then `params._meta`, else a new trace. */
  private parentOf(request: JsonRpcRequest): Context | undefined {
    const fromHeaders = this.parents.getStore();
    if (fromHeaders !== undefined) return fromHeaders;
    const meta = request.params?._meta;
    return isPlainObject(meta) ? readTraceParent(meta) : undefined;
  }
}

function failed(span: Span, errorType: string): void {
  span.setStatus({ code: SpanStatusCode.ERROR });
  span.setAttribute(ATTR_ERROR_TYPE, errorType);
}

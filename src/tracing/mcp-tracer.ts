import { type Context, context, type Link, SpanKind, trace, type Tracer } from '@opentelemetry/api';

import type { ToolCallOutcome } from '../audit/audit-log.js';
import type { RequestContext } from '../protocol/context/request-context.js';
import { isPlainObject } from '../protocol/json-rpc/json-rpc-message.validator.js';
import type { JsonRpcRequest, JsonRpcResponse } from '../protocol/json-rpc/json-rpc.types.js';
import { type HttpExchange, serveHttpInSpan } from './http-server-span.js';
import { requestSpanShape } from './request-span.attributes.js';
import { markFailed } from './span-status.js';
import {
  EXECUTE_TOOL_OPERATION,
  GEN_AI_OPERATION_NAME,
  GEN_AI_TOOL_NAME,
  MCP_POLICY_DECISION,
  MCP_POLICY_DECISION_EVENT,
  MCP_POLICY_TARGET,
  MCP_TOOL_VERSION,
  RPC_RESPONSE_STATUS_CODE,
} from './trace-attributes.js';
import { readTraceParent } from './trace-context.reader.js';
import { endToolSpan, ToolSpan } from './tool-span.js';

/** What a tool span needs of its definition. */
export interface TracedTool {
  readonly name: string;
  readonly version: string;
}

/**
 * Spans of the server (docs/tracing.md): the HTTP server span of an MCP endpoint, one SERVER span
 * per JSON-RPC request, one INTERNAL `execute_tool <name>` span per tool run (semconv GenAI tool
 * execution) and the policy decision as an event. Only provided when
 * `OTEL_EXPORTER_OTLP_ENDPOINT` is set, so callers hold it as an optional dependency and pay one
 * `undefined` check when tracing is off. Parents travel in the global OpenTelemetry context
 * (global-tracing.ts), where tool authors' own spans find them.
 */
export class McpTracer {
  constructor(readonly tracer: Tracer) {}

  /** Serves one request of an MCP endpoint inside its HTTP server span. */
  traceHttp<T>(exchange: HttpExchange, serve: () => T): T {
    return serveHttpInSpan(this.tracer, exchange, serve);
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
    const { parent, links } = parentOf(request);
    const span = this.tracer.startSpan(name, { kind: SpanKind.SERVER, attributes, links }, parent);
    try {
      const served = await context.with(trace.setSpan(parent, span), serve);
      const response = responseOf(served);
      if (response !== undefined && 'error' in response) {
        markFailed(span, String(response.error.code));
        span.setAttribute(RPC_RESPONSE_STATUS_CODE, String(response.error.code));
      }
      return served;
    } catch (error) {
      markFailed(span, error instanceof Error ? error.name : 'unknown');
      throw error;
    } finally {
      span.end();
    }
  }

  /** Starts the span of a tool handler about to run; its parent is the current request span. */
  startTool(tool: TracedTool): ToolSpan {
    return new ToolSpan(this.tracer.startSpan(toolSpanName(tool), toolSpanOptions(tool)));
  }

  /**
   * A tool call answered without running its handler (a replay, an approval asked or declined):
   * recorded at the end with its real start time (a `performance.now()` reading, which the SDK
   * anchors to the epoch), so waiting costs nothing.
   */
  toolFinished(tool: TracedTool, outcome: ToolCallOutcome, startedAt: number): void {
    const span = this.tracer.startSpan(toolSpanName(tool), {
      ...toolSpanOptions(tool),
      startTime: startedAt,
    });
    endToolSpan(span, outcome);
  }

  /**
   * The access decision on one capability (docs/architecture.md "The access decision"): an
   * event on the request span rather than a span of its own, as it is a lookup in memory.
   */
  policyDecided(target: string, decision: string): void {
    trace.getActiveSpan()?.addEvent(MCP_POLICY_DECISION_EVENT, {
      [MCP_POLICY_TARGET]: target,
      [MCP_POLICY_DECISION]: decision,
    });
  }
}

function toolSpanName(tool: TracedTool): string {
  return `${EXECUTE_TOOL_OPERATION} ${tool.name}`;
}

function toolSpanOptions(tool: TracedTool) {
  return {
    kind: SpanKind.INTERNAL,
    attributes: {
      [GEN_AI_OPERATION_NAME]: EXECUTE_TOOL_OPERATION,
      [GEN_AI_TOOL_NAME]: tool.name,
      [MCP_TOOL_VERSION]: tool.version,
    },
  };
}

/**
 * Semconv MCP §Context propagation: the context in `params._meta` is the parent of the MCP server
 * span, and the ambient (transport) context is linked; without `_meta` the ambient context (the
 * HTTP server span, itself continuing the `traceparent` header) is the parent.
 */
function parentOf(request: JsonRpcRequest): { parent: Context; links?: Link[] } {
  const ambient = context.active();
  const meta = request.params?._meta;
  const fromMeta = isPlainObject(meta) ? readTraceParent(meta) : undefined;
  if (fromMeta === undefined) return { parent: ambient };
  const transport = trace.getSpanContext(ambient);
  return { parent: fromMeta, links: transport === undefined ? [] : [{ context: transport }] };
}

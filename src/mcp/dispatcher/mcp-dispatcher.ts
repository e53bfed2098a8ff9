import { randomUUID } from 'node:crypto';

import { Injectable, Logger, Optional } from '@nestjs/common';

import { type RequestOutcome, RequestTelemetry } from '../../metrics/request-telemetry.js';
import { McpTracer } from '../../tracing/mcp-tracer.js';
import type { McpSession } from '../../protocol/context/mcp-session.js';
import type { MessageSink } from '../../protocol/context/message-sink.js';
import type { Principal } from '../../protocol/context/principal.js';
import type { RequestContext, TransportKind } from '../../protocol/context/request-context.js';
import { JsonRpcErrorCode } from '../../protocol/json-rpc/json-rpc-error-codes.js';
import {
  errorResponse,
  errorResponseFor,
  successResponse,
} from '../../protocol/json-rpc/json-rpc-responses.js';
import type {
  JsonObject,
  JsonRpcNotification,
  JsonRpcRequest,
  JsonRpcResponse,
} from '../../protocol/json-rpc/json-rpc.types.js';
import { McpError } from '../../protocol/json-rpc/mcp-error.js';
import { InitializeResultFactory } from '../lifecycle/initialize-result.factory.js';
import { readInitializeParams } from '../lifecycle/initialize-params.reader.js';
import { DiscoverHandler } from '../modern/discover.handler.js';
import { ModernResults } from '../modern/modern-results.js';
import { MultiRoundTrips, ROUND_TRIP_METHODS } from '../modern/mrtr/multi-round-trips.service.js';
import { ListenHandler } from '../modern/subscriptions/listen.handler.js';
import { MODERN_PROTOCOL_VERSION } from '../../protocol/protocol-version.js';
import { McpSessionService } from '../../sessions/mcp-session.service.js';
import { CompletionHandler } from './completion.handler.js';
import { DispatchCall } from './dispatch-call.js';
import { CancellableRequests } from './cancellable-requests.js';
import { SessionInputRequester } from './input-requesters.js';
import { LoggingHandler } from './logging.handler.js';
import { McpExtensions } from './mcp-extensions.js';
import type { MethodEntry } from './method-entry.types.js';
import { PromptsHandlers } from './prompts.handlers.js';
import type { InputRequester } from './request-handler-context.js';
import { ResourcesHandlers } from './resources.handlers.js';
import { ToolsHandlers } from './tools.handlers.js';

const EMPTY_RESULT: JsonObject = Object.freeze({});

/**
 * The transport-independent MCP core: every transport turns bytes into messages plus a
 * {@link RequestContext} and hands them here. Knows nothing of HTTP or stdio.
 */
@Injectable()
export class McpDispatcher {
  private readonly logger = new Logger(McpDispatcher.name);
  private readonly methods: ReadonlyMap<string, MethodEntry>;
  private readonly cancellable = new CancellableRequests();
  private readonly sessionInput: InputRequester;

  constructor(
    private readonly sessions: McpSessionService,
    private readonly initializeResults: InitializeResultFactory,
    private readonly roundTrips: MultiRoundTrips,
    private readonly modernResults: ModernResults,
    tools: ToolsHandlers,
    resources: ResourcesHandlers,
    prompts: PromptsHandlers,
    completion: CompletionHandler,
    logging: LoggingHandler,
    discover: DiscoverHandler,
    listen: ListenHandler,
    private readonly extensions: McpExtensions,
    // Optional so the core can be assembled without the ops modules (unit harnesses).
    @Optional() private readonly telemetry?: RequestTelemetry,
    // Provided only when OTEL_EXPORTER_OTLP_ENDPOINT is set: tracing off costs one check.
    @Optional() private readonly tracer?: McpTracer,
  ) {
    this.sessionInput = new SessionInputRequester(sessions);
    // Built once: the hot path is one Map lookup (basic §Lifecycle: ping is always answered).
    this.methods = new Map<string, MethodEntry>([
      ['ping', { era: 'legacy', handle: () => Promise.resolve(EMPTY_RESULT) }],
      ['initialize', { era: 'legacy', handle: () => Promise.reject(alreadyInitialized()) }],
      ...tools.methodEntries(),
      ...resources.methodEntries(),
      ...prompts.methodEntries(),
      ...completion.methodEntries(),
      ...logging.methodEntries(),
      ...discover.methodEntries(),
      ...listen.methodEntries(),
    ]);
  }

  /**
   * Serves `initialize` (legacy revisions): negotiates the revision, opens the session and answers
   * the prebuilt `InitializeResult`. No session is opened when the request is refused.
   */
  initialize(
    request: JsonRpcRequest,
    principal: Principal,
    transport: TransportKind,
    standaloneSink: MessageSink,
  ): Promise<{ response: JsonRpcResponse; session?: McpSession }> {
    const open = () => this.openSession(request, principal, transport, standaloneSink);
    if (this.tracer === undefined) return open();
    return this.tracer.traceRequest(request, undefined, open, (opened) => opened.response);
  }

  private async openSession(
    request: JsonRpcRequest,
    principal: Principal,
    transport: TransportKind,
    standaloneSink: MessageSink,
  ): Promise<{ response: JsonRpcResponse; session?: McpSession }> {
    try {
      const negotiated = readInitializeParams(request.params);
      const session = await this.sessions.open(principal, negotiated, transport, standaloneSink);
      const result = this.initializeResults.resultFor(negotiated.protocolVersion);
      return { response: successResponse(request.id, result), session };
    } catch (error) {
      const correlationId = randomUUID();
      return {
        response: errorResponseFor(request.id, error, correlationId, (cause) =>
          this.logUnexpected('initialize', correlationId, cause),
        ),
      };
    }
  }

  /** Serves one message; `undefined` for notifications, posted responses and cancelled requests. */
  async dispatch(
    message: JsonRpcRequest | JsonRpcNotification | JsonRpcResponse,
    ctx: RequestContext,
  ): Promise<JsonRpcResponse | undefined> {
    if (!('method' in message)) {
      this.deliverResponse(message, ctx);
      return undefined;
    }
    if (!('id' in message)) {
      this.notify(message, ctx);
      return undefined;
    }
    if (this.tracer === undefined) return this.serve(message, ctx);
    return this.tracer.traceRequest(message, ctx, () => this.serve(message, ctx), sameResponse);
  }

  private async serve(
    request: JsonRpcRequest,
    ctx: RequestContext,
  ): Promise<JsonRpcResponse | undefined> {
    const modern = ctx.protocolVersion === MODERN_PROTOCOL_VERSION;
    const entry = this.methods.get(request.method) ?? this.extensions.method(request.method);
    if (entry === undefined || entry.era === (modern ? 'legacy' : 'modern')) {
      // 2026-07-28 over HTTP answers an unknown method with 404 (transports, 2026-07-28).
      const error = new McpError(
        JsonRpcErrorCode.MethodNotFound,
        `Method not found: ${request.method}`,
        undefined,
        modern ? 404 : undefined,
      );
      return errorResponse(request.id, error.toJsonRpcError(), error.httpStatus);
    }
    const call = new DispatchCall(request, ctx, modern ? this.roundTrips : this.sessionInput);
    // Stateless HTTP requests are cancelled by closing their stream (ctx.signal), never by id.
    const tracked =
      (ctx.session !== undefined || ctx.transport === 'stdio') && this.cancellable.add(call);
    const startedAt = performance.now();
    let outcome: RequestOutcome = 'cancelled';
    try {
      if (modern && ROUND_TRIP_METHODS.has(request.method)) {
        call.roundTrip = await this.roundTrips.open(call);
      }
      const result = await entry.handle(call);
      if (call.abandoned) return undefined;
      outcome = 'ok';
      return successResponse(request.id, modern ? await this.modernResult(call, result) : result);
    } catch (error) {
      if (call.abandoned) return undefined;
      if (call.roundTrip?.inputRequired === true && !(error instanceof McpError)) {
        outcome = 'ok';
        return successResponse(request.id, await this.modernResult(call, EMPTY_RESULT));
      }
      outcome = 'error';
      return errorResponseFor(request.id, error, ctx.correlationId, (cause) => {
        outcome = 'internal_error';
        this.logUnexpected(request.method, ctx.correlationId, cause);
      });
    } finally {
      call.finish();
      if (tracked) this.cancellable.delete(call);
      this.telemetry?.requestFinished(request, ctx, outcome, startedAt);
    }
  }

  /**
   * 2026-07-28: a handler that asked for input the request lacks is answered with an
   * `InputRequiredResult` (SEP-2322), whether the input-required signal ended it or it caught
   * the signal and returned; every result then gets `resultType`, serverInfo and cache hints.
   */
  private async modernResult(call: DispatchCall, result: JsonObject): Promise<JsonObject> {
    const { roundTrip } = call;
    const answer =
      roundTrip?.inputRequired === true ? await this.roundTrips.result(call, roundTrip) : result;
    return this.modernResults.complete(call, answer);
  }

  private notify(notification: JsonRpcNotification, ctx: RequestContext): void {
    switch (notification.method) {
      case 'notifications/initialized':
        if (ctx.session !== undefined) ctx.session.initialized = true;
        return;
      case 'notifications/cancelled':
        // Unknown, finished and foreign ids are ignored (utilities §Cancellation).
        this.cancellable.cancel(ctx, notification.params?.requestId);
        return;
      default:
        // Other client notifications (roots/list_changed, progress of our requests) need no action.
        return;
    }
  }

  /** A client's answer to one of our server→client requests. */
  private deliverResponse(response: JsonRpcResponse, ctx: RequestContext): void {
    const delivered =
      ctx.session !== undefined && this.sessions.outboundFor(ctx.session).resolve(response);
    if (!delivered)
      this.logger.debug(`ignored a response to unknown request id ${String(response.id)}`);
  }

  private logUnexpected(method: string, correlationId: string, error: unknown): void {
    this.logger.error(
      `${method} failed [correlationId=${correlationId}]`,
      error instanceof Error ? error.stack : String(error),
    );
  }
}

function sameResponse(response: JsonRpcResponse | undefined): JsonRpcResponse | undefined {
  return response;
}

/** A second `initialize` on a session (the SDK answers the same: 400 -32600). */
function alreadyInitialized(): McpError {
  return McpError.invalidRequest('Invalid request: the session is already initialized');
}

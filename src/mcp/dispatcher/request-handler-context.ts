import { Logger } from '@nestjs/common';

import type {
  ClientInputMethod,
  McpHandlerContext,
  McpRequestLogger,
} from '../../protocol/context/handler-context.js';
import type { ClientInfo, McpSession } from '../../protocol/context/mcp-session.js';
import type { Principal } from '../../protocol/context/principal.js';
import { LOG_LEVELS, type McpLogLevel } from '../../protocol/context/mcp-session.js';
import type {
  JsonObject,
  JsonRpcId,
  JsonRpcRequest,
} from '../../protocol/json-rpc/json-rpc.types.js';
import type { RoundTrip } from '../modern/mrtr/round-trip.js';
import {
  MODERN_PROTOCOL_VERSION,
  isAtLeast,
  type ProtocolVersion,
} from '../../protocol/protocol-version.js';
import type { RequestContext } from '../../protocol/context/request-context.js';
import { RequestLogger } from './request-logger.js';

/**
 * What a handler context reads of the call it serves: a structural view of DispatchCall, so
 * this file does not import the class that constructs it.
 */
export interface HandlerCall {
  readonly params: JsonObject;
  readonly request: JsonRpcRequest;
  readonly ctx: RequestContext;
  readonly signal: AbortSignal;
  /** 2026-07-28: the multi-round-trip state input requests go to (MultiRoundTrips). */
  readonly roundTrip: RoundTrip | undefined;
}

/** How a handler's `requestInput` reaches the client; differs per era (legacy request vs MRTR). */
export interface InputRequester {
  request(
    context: RequestHandlerContext,
    key: string,
    method: ClientInputMethod,
    params: JsonObject,
  ): Promise<JsonObject>;
}

const handlerLogger = new Logger('McpHandler');
const levelRank = new Map<McpLogLevel, number>(LOG_LEVELS.map((level, rank) => [level, rank]));

/** The {@link McpHandlerContext} of one request: progress, client logging, client input. */
export class RequestHandlerContext implements McpHandlerContext {
  private readonly progressToken: string | number | undefined;
  private lastProgress = Number.NEGATIVE_INFINITY;
  private closed = false;
  private logger: RequestLogger | undefined;

  constructor(
    readonly call: HandlerCall,
    private readonly inputRequester: InputRequester,
  ) {
    const meta = call.params._meta;
    const token =
      typeof meta === 'object' && meta !== null ? (meta as JsonObject).progressToken : undefined;
    this.progressToken = typeof token === 'string' || typeof token === 'number' ? token : undefined;
  }

  get principal(): Principal {
    return this.call.ctx.principal;
  }
  get session(): McpSession | undefined {
    return this.call.ctx.session;
  }
  get client(): { readonly info: ClientInfo | undefined; readonly capabilities: JsonObject } {
    return { info: this.call.ctx.clientInfo, capabilities: this.call.ctx.clientCapabilities };
  }
  get protocolVersion(): ProtocolVersion {
    return this.call.ctx.protocolVersion;
  }
  get requestId(): JsonRpcId {
    return this.call.request.id;
  }
  get correlationId(): string {
    return this.call.ctx.correlationId;
  }
  get signal(): AbortSignal {
    return this.call.signal;
  }
  get log(): McpRequestLogger {
    this.logger ??= new RequestLogger((level, data, logger) => this.emitLog(level, data, logger));
    return this.logger;
  }

  /** Progress must strictly increase (utilities §Progress): stale values are dropped, not sent. */
  reportProgress(progress: number, total?: number, message?: string): void {
    if (this.progressToken === undefined || this.closed || !(progress > this.lastProgress)) return;
    this.lastProgress = progress;
    const params: JsonObject = { progressToken: this.progressToken, progress };
    if (total !== undefined) params.total = total;
    // `message` exists on progress notifications from 2025-03-26.
    if (message !== undefined && isAtLeast(this.protocolVersion, '2025-03-26')) {
      params.message = message;
    }
    this.call.ctx.sink.send({ jsonrpc: '2.0', method: 'notifications/progress', params });
  }

  requestInput(key: string, method: ClientInputMethod, params: JsonObject): Promise<JsonObject> {
    return this.inputRequester.request(this, key, method, params);
  }

  closeResponseStream(): void {
    this.call.ctx.sink.closeConnection?.();
  }

  close(): void {
    this.closed = true;
  }

  /** Always to the server log (debug); to the client at or above its chosen level. */
  private emitLog(level: McpLogLevel, data: unknown, logger?: string): void {
    handlerLogger.debug({ correlationId: this.correlationId, level, logger, data });
    const threshold = this.clientLogLevel();
    if (this.closed || threshold === undefined) return;
    if ((levelRank.get(level) ?? 0) < (levelRank.get(threshold) ?? 0)) return;
    const params: JsonObject = logger === undefined ? { level, data } : { level, logger, data };
    this.call.ctx.sink.send({ jsonrpc: '2.0', method: 'notifications/message', params });
  }

  /**
   * Legacy: the level set by `logging/setLevel` on the session. 2026-07-28: only the `_meta`
   * logLevel of this very request (logging is per request there). Nothing flows without a level.
   */
  private clientLogLevel(): McpLogLevel | undefined {
    const { ctx } = this.call;
    if (ctx.protocolVersion === MODERN_PROTOCOL_VERSION) return ctx.logLevel;
    return ctx.session?.logLevel ?? ctx.logLevel;
  }
}

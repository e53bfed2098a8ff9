import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { Injectable } from '@nestjs/common';

import type { Principal } from '../../protocol/context/principal.js';
import type { RequestContext } from '../../protocol/context/request-context.js';
import { NULL_SINK, type MessageSink } from '../../protocol/context/message-sink.js';
import { McpDispatcher } from '../../mcp/dispatcher/mcp-dispatcher.js';
import { errorResponse } from '../../protocol/json-rpc/json-rpc-responses.js';
import {
  isJsonRpcRequest,
  type JsonRpcNotification,
  type JsonRpcRequest,
} from '../../protocol/json-rpc/json-rpc.types.js';
import { McpError } from '../../protocol/json-rpc/mcp-error.js';
import {
  assertSupportedVersion,
  readModernEnvelope,
  type ModernEnvelope,
} from '../../mcp/modern/modern-envelope.reader.js';
import { MODERN_PROTOCOL_VERSION } from '../../protocol/protocol-version.js';
import { SubscriptionHub } from '../../mcp/subscriptions/subscription-hub.js';
import { ShutdownCoordinator } from '../../ops/shutdown/shutdown.coordinator.js';
import { ErrorStatusMapper } from '../http/error-status.mapper.js';
import { writeJsonMessage } from '../http/http-response.writer.js';
import { SseHeartbeat } from '../http/sse-heartbeat.js';
import { MirroredHeadersValidator } from './mirrored-headers.validator.js';
import { PostResponder } from './post-responder.js';

/**
 * A stateless 2026-07-28 POST on `/mcp` (transports §Streamable HTTP, 2026-07-28).
 * Validation order: required `_meta` keys (-32602), mirrored headers (-32020), version (-32022),
 * all HTTP 400 with the request's id; the dispatcher then answers -32601/404, -32021/400 or the
 * result. No session is read, minted or echoed; `Mcp-Session-Id` and `Last-Event-ID` are ignored.
 * Related notifications (progress, logs, listen notifications) switch the answer to SSE; closing
 * that stream is the cancel of the request.
 */
@Injectable()
export class ModernPostHandler {
  constructor(
    private readonly dispatcher: McpDispatcher,
    private readonly headers: MirroredHeadersValidator,
    private readonly heartbeat: SseHeartbeat,
    private readonly errorStatus: ErrorStatusMapper,
    hub: SubscriptionHub,
    shutdown: ShutdownCoordinator,
  ) {
    // After in-flight requests are done, listen streams end with their result (graceful end,
    // 2026-07-28 §Subscriptions) so clients re-listen on another instance.
    shutdown.onDrain(() => hub.endAll());
  }

  async handle(
    message: JsonRpcRequest | JsonRpcNotification,
    req: IncomingMessage,
    res: ServerResponse,
    principal: Principal,
  ): Promise<void> {
    let envelope: ModernEnvelope;
    try {
      envelope = readModernEnvelope(message.params);
      this.headers.validate(req.headers, message, envelope.protocolVersion, principal);
      assertSupportedVersion(envelope);
    } catch (error) {
      if (!(error instanceof McpError) || !isJsonRpcRequest(message)) throw error;
      writeJsonMessage(
        res,
        error.httpStatus ?? 400,
        errorResponse(message.id, error.toJsonRpcError()),
      );
      return;
    }
    if (!isJsonRpcRequest(message)) {
      // The core defines no client notification over HTTP in 2026-07-28 (cancel = close).
      await this.dispatcher.dispatch(message, this.context(principal, envelope, NULL_SINK));
      res.writeHead(202).end();
      return;
    }
    const responder = new PostResponder(res, this.heartbeat, this.errorStatus);
    const closed = new AbortController();
    const onClose = (): void => {
      if (!res.writableFinished) closed.abort();
    };
    res.once('close', onClose);
    try {
      const ctx = this.context(principal, envelope, responder, closed.signal);
      responder.respond(await this.dispatcher.dispatch(message, ctx));
    } finally {
      res.off('close', onClose);
      responder.release();
    }
  }

  private context(
    principal: Principal,
    envelope: ModernEnvelope,
    sink: MessageSink,
    signal?: AbortSignal,
  ): RequestContext {
    return {
      principal,
      transport: 'streamable-http',
      protocolVersion: MODERN_PROTOCOL_VERSION,
      session: undefined,
      clientInfo: envelope.clientInfo,
      clientCapabilities: envelope.clientCapabilities,
      logLevel: envelope.logLevel,
      sink,
      signal,
      correlationId: randomUUID(),
    };
  }
}

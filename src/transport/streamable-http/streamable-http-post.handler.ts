import type { IncomingMessage, ServerResponse } from 'node:http';

import { Injectable } from '@nestjs/common';

import type { McpSession } from '../../protocol/context/mcp-session.js';
import { type MessageSink, NULL_SINK } from '../../protocol/context/message-sink.js';
import type { Principal } from '../../protocol/context/principal.js';
import { McpDispatcher } from '../../mcp/dispatcher/mcp-dispatcher.js';
import {
  assertBatchAllowed,
  type JsonRpcPayload,
} from '../../protocol/json-rpc/json-rpc-message.validator.js';
import {
  isJsonRpcRequest,
  type JsonRpcMessage,
  type JsonRpcRequest,
  type JsonRpcResponse,
} from '../../protocol/json-rpc/json-rpc.types.js';
import { SessionStreamLimiter } from '../../security/limits/session-stream.limiter.js';
import { ErrorStatusMapper } from '../http/error-status.mapper.js';
import { HttpRejection } from '../http/http-rejections.js';
import { writeEmpty, writeJsonMessage } from '../http/http-response.writer.js';
import { ACCEPTS_BOTH, acceptedTypes } from '../http/media-type.util.js';
import { assertJsonContentType, JsonRpcBodyReader } from '../http/json-rpc-body.reader.js';
import { noteRejectedRequest } from '../http/rejected-request-id.js';
import { sessionRequestContext } from '../shared/session-request-context.js';
import { classifyPost } from './classify-post.js';
import { ModernPostHandler } from './modern-post.handler.js';
import { SessionResolver, sessionIdOf } from './session-resolver.js';
import { SessionResponders } from './session-responders.js';

/**
 * POST `/mcp` (transports §Sending Messages to the Server): checks the media types, reads the
 * bounded body, frames it, then serves a stateless 2026-07-28 message ({@link ModernPostHandler}),
 * opens a session (`initialize`) or hands the message(s) to the dispatcher inside the session the
 * request names. Every rejection happens before the dispatcher or the database is involved; one
 * after the body was read echoes the request's id.
 */
@Injectable()
export class StreamableHttpPostHandler {
  constructor(
    private readonly body: JsonRpcBodyReader,
    private readonly dispatcher: McpDispatcher,
    private readonly modern: ModernPostHandler,
    private readonly sessions: SessionResolver,
    private readonly responders: SessionResponders,
    private readonly errorStatus: ErrorStatusMapper,
    private readonly streamLimiter: SessionStreamLimiter,
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse, principal: Principal): Promise<void> {
    assertJsonContentType(req);
    if ((acceptedTypes(req.headers.accept) & ACCEPTS_BOTH) !== ACCEPTS_BOTH) {
      throw new HttpRejection('notAcceptable');
    }
    const payload = await this.body.read(req);
    try {
      await this.serve(payload, req, res, principal);
    } catch (error) {
      noteRejectedRequest(res, payload);
      throw error;
    }
  }

  private serve(
    payload: JsonRpcPayload,
    req: IncomingMessage,
    res: ServerResponse,
    principal: Principal,
  ): Promise<void> {
    const post = classifyPost(payload, req.headers);
    switch (post.kind) {
      case 'initialize':
        return this.initialize(post.request, req, res, principal);
      case 'modern':
        return this.modern.handle(post.message, req, res, principal);
      case 'session':
        return this.inSession(post.payload, req, res, principal);
    }
  }

  /** Lifecycle §Initialization over HTTP: the session id goes out as `Mcp-Session-Id`. */
  private async initialize(
    request: JsonRpcRequest,
    req: IncomingMessage,
    res: ServerResponse,
    principal: Principal,
  ): Promise<void> {
    if (sessionIdOf(req) !== undefined) throw new HttpRejection('initializeWithSession');
    // Messages unrelated to a request wait for the client's GET stream, which replaces this sink.
    const { response, session } = await this.dispatcher.initialize(
      request,
      principal,
      'streamable-http',
      NULL_SINK,
    );
    if ('error' in response) {
      const { status, headers } = this.errorStatus.answerFor(response);
      writeJsonMessage(res, status, response, headers);
    } else {
      writeJsonMessage(res, 200, response, session && { 'Mcp-Session-Id': session.id });
    }
  }

  private async inSession(
    payload: JsonRpcPayload,
    req: IncomingMessage,
    res: ServerResponse,
    principal: Principal,
  ): Promise<void> {
    this.sessions.assertProtocolVersionHeader(req);
    const session = await this.sessions.resolve(req, principal);
    if (payload.kind === 'batch') {
      assertBatchAllowed(payload.messages, session.protocolVersion);
      return this.batch(payload.messages, res, principal, session);
    }
    const { message } = payload;
    if (!isJsonRpcRequest(message)) {
      await this.dispatch(message, principal, session, session.standaloneSink);
      writeEmpty(res, 202);
      return;
    }
    // Each request may hold an SSE stream open: bounded per session (429 `data.maxStreams`).
    this.streamLimiter.acquire(session);
    const responder = this.responders.create(res, session);
    try {
      responder.respond(await this.dispatch(message, principal, session, responder));
    } finally {
      responder.release();
      this.streamLimiter.release(session);
    }
  }

  /**
   * A 2025-03-26 batch: every message is started in order and all are awaited. Notifications and
   * posted responses yield no answer, nor does a request cancelled meanwhile (cancellation
   * §Behavior Requirements); a batch without requests is answered 202 like a single notification.
   */
  private async batch(
    messages: readonly JsonRpcMessage[],
    res: ServerResponse,
    principal: Principal,
    session: McpSession,
  ): Promise<void> {
    const responder = messages.some(isJsonRpcRequest)
      ? this.responders.create(res, session)
      : undefined;
    try {
      const sink = responder ?? session.standaloneSink;
      const answers = await Promise.all(
        messages.map((message) => this.dispatch(message, principal, session, sink)),
      );
      if (responder === undefined) writeEmpty(res, 202);
      else responder.respondBatch(answers.filter((answer) => answer !== undefined));
    } finally {
      responder?.release();
    }
  }

  private dispatch(
    message: JsonRpcMessage,
    principal: Principal,
    session: McpSession,
    sink: MessageSink,
  ): Promise<JsonRpcResponse | undefined> {
    return this.dispatcher.dispatch(
      message,
      sessionRequestContext(principal, 'streamable-http', session, sink),
    );
  }
}

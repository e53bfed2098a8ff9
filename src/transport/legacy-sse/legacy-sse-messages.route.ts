import type { IncomingMessage, ServerResponse } from 'node:http';

import { Injectable, Logger } from '@nestjs/common';

import type { McpSession } from '../../protocol/context/mcp-session.js';
import type { Principal } from '../../protocol/context/principal.js';
import { McpDispatcher } from '../../mcp/dispatcher/mcp-dispatcher.js';
import { assertBatchAllowed } from '../../protocol/json-rpc/json-rpc-message.validator.js';
import { errorResponse, internalErrorObject } from '../../protocol/json-rpc/json-rpc-responses.js';
import { isJsonRpcRequest, type JsonRpcMessage } from '../../protocol/json-rpc/json-rpc.types.js';
import { McpError } from '../../protocol/json-rpc/mcp-error.js';
import { McpSessionService } from '../../sessions/mcp-session.service.js';
import { ShutdownCoordinator } from '../../ops/shutdown/shutdown.coordinator.js';
import { HttpRejection } from '../http/http-rejections.js';
import type { McpHttpRoute } from '../http/mcp-http-route.js';
import { assertJsonContentType, JsonRpcBodyReader } from '../http/json-rpc-body.reader.js';
import { noteRejectedRequest } from '../http/rejected-request-id.js';
import { sessionRequestContext } from '../shared/session-request-context.js';
import type { LegacySseConnection } from './legacy-sse-connection.js';
import { LEGACY_MESSAGES_PATH } from './legacy-sse-connection.js';
import { LegacySseConnections } from './legacy-sse-connections.js';

/** 2024-11-05 has no batches; a connection that has not negotiated yet is judged by it. */
const PRE_INITIALIZE_VERSION = '2024-11-05';

/**
 * `POST /messages?sessionId=…` (2024-11-05 transports §HTTP with SSE): one JSON-RPC message (or a
 * 2025-03-26 batch) per POST, checked with the same media type, size and framing rules as `/mcp`
 * before anything runs, then answered `202 Accepted` at once; the response and every related
 * message go out on the session's SSE stream. A missing, unknown, closed or foreign `sessionId`
 * is answered 404 alike.
 */
@Injectable()
export class LegacySseMessagesRoute implements McpHttpRoute {
  readonly path = LEGACY_MESSAGES_PATH;
  readonly methods = ['POST'] as const;
  private readonly logger = new Logger(LegacySseMessagesRoute.name);
  constructor(
    private readonly body: JsonRpcBodyReader,
    private readonly connections: LegacySseConnections,
    private readonly sessions: McpSessionService,
    private readonly dispatcher: McpDispatcher,
    private readonly shutdown: ShutdownCoordinator,
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse, principal: Principal): Promise<void> {
    const connection = this.connections.find(sessionIdOf(req), principal);
    if (connection === undefined) throw new HttpRejection('sessionNotFound');
    assertJsonContentType(req);
    const payload = await this.body.read(req);
    let session: McpSession | undefined;
    try {
      session = await this.liveSession(connection, principal);
    } catch (error) {
      noteRejectedRequest(res, payload);
      throw error;
    }
    const messages = payload.kind === 'batch' ? payload.messages : [payload.message];
    if (payload.kind === 'batch') {
      assertBatchAllowed(messages, session?.protocolVersion ?? PRE_INITIALIZE_VERSION);
    }
    res.writeHead(202, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Accepted');
    // The work outlives the 202: shutdown still waits for it (docs/kubernetes.md
    // "Shutdown timeline").
    const done = this.shutdown.trackRequest();
    Promise.all(messages.map((message) => this.serve(message, connection, principal, session)))
      .catch((error: unknown) => this.logger.error('SSE message failed', String(error)))
      .finally(done);
  }

  /** The connection's session, refreshed; a session that ended meanwhile closes its stream. */
  private async liveSession(
    connection: LegacySseConnection,
    principal: Principal,
  ): Promise<McpSession | undefined> {
    if (connection.session === undefined) return undefined;
    const session = await this.sessions.get(connection.session.id, principal);
    if (session !== undefined) return session;
    connection.end();
    throw new HttpRejection('sessionNotFound');
  }

  private async serve(
    message: JsonRpcMessage,
    connection: LegacySseConnection,
    principal: Principal,
    session: McpSession | undefined,
  ): Promise<void> {
    if (session === undefined) return this.beforeInitialize(message, connection, principal);
    const ctx = sessionRequestContext(principal, 'sse', session, connection);
    try {
      const response = await this.dispatcher.dispatch(message, ctx);
      if (response !== undefined) connection.send(response);
    } catch (error) {
      this.logger.error(
        `SSE message failed [correlationId=${ctx.correlationId}]`,
        error instanceof Error ? error.stack : String(error),
      );
      if (isJsonRpcRequest(message)) {
        connection.send(errorResponse(message.id, internalErrorObject(ctx.correlationId)));
      }
    }
  }

  /**
   * Lifecycle §Initialization: only `initialize` opens the session; other requests are refused
   * on the stream and notifications are dropped, as nothing has been negotiated for them.
   */
  private async beforeInitialize(
    message: JsonRpcMessage,
    connection: LegacySseConnection,
    principal: Principal,
  ): Promise<void> {
    if (!isJsonRpcRequest(message)) return;
    if (message.method !== 'initialize' || connection.initializing) {
      const error = McpError.invalidRequest('Invalid request: the session is not initialized');
      connection.send(errorResponse(message.id, error.toJsonRpcError()));
      return;
    }
    connection.initializing = true;
    try {
      const { response, session } = await this.dispatcher.initialize(
        message,
        principal,
        'sse',
        connection,
      );
      connection.session = session;
      if (session !== undefined && !connection.isOpen) {
        // The stream closed while the session was being opened: nothing can reach it any more.
        await this.sessions.end(session.id, principal);
        return;
      }
      connection.send(response);
    } finally {
      connection.initializing = false;
    }
  }
}

/** Only the query matters; the base just makes the relative request target parseable. */
function sessionIdOf(req: IncomingMessage): string | null {
  return new URL(req.url ?? '/', 'http://localhost').searchParams.get('sessionId');
}

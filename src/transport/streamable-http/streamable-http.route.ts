import type { IncomingMessage, ServerResponse } from 'node:http';

import { Injectable, type OnModuleDestroy } from '@nestjs/common';

import type { Principal } from '../../protocol/context/principal.js';
import { McpSessionService } from '../../sessions/mcp-session.service.js';
import { ShutdownCoordinator } from '../../ops/shutdown/shutdown.coordinator.js';
import { SessionStreamLimiter } from '../../security/limits/session-stream.limiter.js';
import { ResumableStreams } from '../../sessions/streams/resumable-streams.js';
import { HttpRejection } from '../http/http-rejections.js';
import { writeEmpty, writeRejection } from '../http/http-response.writer.js';
import type { McpHttpRoute } from '../http/mcp-http-route.js';
import { ACCEPTS_SSE, acceptedTypes } from '../http/media-type.util.js';
import { SseHeartbeat } from '../http/sse-heartbeat.js';
import { isModernHeaderOnly } from './classify-post.js';
import { SessionResolver } from './session-resolver.js';
import { StandaloneStreams } from './standalone-streams.js';
import { StreamableHttpPostHandler } from './streamable-http-post.handler.js';

export const MCP_ENDPOINT_PATH = '/mcp';

/** `/mcp`, Streamable HTTP of the 2025 revisions (transports §Streamable HTTP). */
@Injectable()
export class StreamableHttpRoute implements McpHttpRoute, OnModuleDestroy {
  readonly path = MCP_ENDPOINT_PATH;
  readonly methods = ['GET', 'POST', 'DELETE'] as const;
  private readonly streams: StandaloneStreams;

  constructor(
    private readonly post: StreamableHttpPostHandler,
    private readonly resolver: SessionResolver,
    private readonly sessions: McpSessionService,
    heartbeat: SseHeartbeat,
    shutdown: ShutdownCoordinator,
    resumable: ResumableStreams,
    limiter: SessionStreamLimiter,
  ) {
    this.streams = new StandaloneStreams(sessions, heartbeat, resumable, limiter);
    // After in-flight requests are done, GET streams end so clients reconnect elsewhere.
    shutdown.onDrain(() => this.streams.closeAll());
  }

  handle(req: IncomingMessage, res: ServerResponse, principal: Principal): Promise<void> {
    // The listener let only GET, POST and DELETE through.
    if (req.method === 'POST') return this.post.handle(req, res, principal);
    // 2026-07-28 has no GET stream and no session to DELETE (transports, 2026-07-28).
    if (isModernHeaderOnly(req.headers)) {
      writeRejection(res, new HttpRejection('modernMethodNotAllowed'), { Allow: 'POST, OPTIONS' });
      return Promise.resolve();
    }
    if (req.method === 'GET') return this.openStream(req, res, principal);
    return this.endSession(req, res, principal);
  }

  /** Also when the application closes without a drain (tests, stdio). */
  onModuleDestroy(): void {
    this.streams.closeAll();
  }

  /** Transports §Listening for Messages from the Server: one standalone stream per session. */
  private async openStream(
    req: IncomingMessage,
    res: ServerResponse,
    principal: Principal,
  ): Promise<void> {
    if ((acceptedTypes(req.headers.accept) & ACCEPTS_SSE) === 0) {
      throw new HttpRejection('notAcceptableStream');
    }
    this.resolver.assertProtocolVersionHeader(req);
    const session = await this.resolver.resolve(req, principal);
    const lastEventId = req.headers['last-event-id'];
    if (typeof lastEventId === 'string') {
      return this.streams.resume(session, principal, lastEventId, res);
    }
    this.streams.open(session, principal, res);
  }

  /** Transports §Session Management: DELETE ends the session, and with it its GET stream. */
  private async endSession(
    req: IncomingMessage,
    res: ServerResponse,
    principal: Principal,
  ): Promise<void> {
    const session = await this.resolver.resolve(req, principal);
    await this.sessions.end(session.id, principal);
    this.streams.close(session);
    writeEmpty(res, 204);
  }
}

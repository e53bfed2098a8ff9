import type { IncomingMessage, ServerResponse } from 'node:http';

import { Injectable, type OnModuleDestroy } from '@nestjs/common';

import type { Principal } from '../../mcp/context/principal.js';
import { McpSessionService } from '../../mcp/session/mcp-session.service.js';
import { HttpRejection } from '../http/http-rejections.js';
import type { McpHttpRoute } from '../http/mcp-http-route.js';
import { ACCEPTS_SSE, acceptedTypes } from '../http/media-type.util.js';
import { SseHeartbeat } from '../http/sse-heartbeat.js';
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
  ) {
    this.streams = new StandaloneStreams(sessions, heartbeat);
  }

  handle(req: IncomingMessage, res: ServerResponse, principal: Principal): Promise<void> {
    switch (req.method) {
      case 'POST':
        return this.post.handle(req, res, principal);
      case 'GET':
        return this.openStream(req, res, principal);
      default:
        return this.endSession(req, res, principal);
    }
  }

  /** Shutdown ends every GET stream so clients reconnect to another instance. */
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
    this.streams.close(session.id);
    res.writeHead(204).end();
  }
}

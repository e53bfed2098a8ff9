import type { IncomingMessage, ServerResponse } from 'node:http';

import { Injectable } from '@nestjs/common';

import type { Principal } from '../../protocol/context/principal.js';
import { ShutdownCoordinator } from '../../ops/shutdown/shutdown.coordinator.js';
import { HttpRejection } from '../http/http-rejections.js';
import type { McpHttpRoute } from '../http/mcp-http-route.js';
import { ACCEPTS_SSE, acceptedTypes } from '../http/media-type.util.js';
import { LegacySseConnections } from './legacy-sse-connections.js';

/**
 * `GET /sse`, the stream half of the 2024-11-05 HTTP+SSE transport (kept for old clients,
 * transports §Backwards Compatibility). Origin, Host, auth and the method were checked by the
 * listener, exactly as for `/mcp`.
 */
@Injectable()
export class LegacySseStreamRoute implements McpHttpRoute {
  readonly path = '/sse';
  readonly methods = ['GET'] as const;

  constructor(
    private readonly connections: LegacySseConnections,
    shutdown: ShutdownCoordinator,
  ) {
    // After in-flight calls are done the streams end, so clients reconnect to another instance.
    shutdown.onDrain(() => this.connections.closeAll());
  }

  handle(req: IncomingMessage, res: ServerResponse, principal: Principal): Promise<void> {
    if ((acceptedTypes(req.headers.accept) & ACCEPTS_SSE) === 0) {
      throw new HttpRejection('notAcceptableStream');
    }
    this.connections.open(principal, res);
    return Promise.resolve();
  }
}

import { JsonRpcBodyReader } from './http/json-rpc-body.reader.js';
import { Module } from '@nestjs/common';

import { McpCoreModule } from '../mcp/mcp-core.module.js';
import { ShutdownModule } from '../ops/shutdown/shutdown.module.js';
import { StreamsModule } from '../sessions/streams/streams.module.js';
import { ErrorStatusMapper } from './http/error-status.mapper.js';
import { McpHttpListener } from './http/mcp-http-listener.js';
import { MCP_HTTP_ROUTES } from './http/mcp-http.constants.js';
import type { McpHttpRoute } from './http/mcp-http-route.js';
import { SseHeartbeat } from './http/sse-heartbeat.js';
import { LegacySseConnections } from './legacy-sse/legacy-sse-connections.js';
import { LegacySseMessagesRoute } from './legacy-sse/legacy-sse-messages.route.js';
import { LegacySseStreamRoute } from './legacy-sse/legacy-sse-stream.route.js';
import { StdioTransport } from './stdio/stdio.transport.js';
import { MirroredHeadersValidator } from './streamable-http/mirrored-headers.validator.js';
import { ModernPostHandler } from './streamable-http/modern-post.handler.js';
import { SessionResolver } from './streamable-http/session-resolver.js';
import { SessionResponders } from './streamable-http/session-responders.js';
import { StreamableHttpPostHandler } from './streamable-http/streamable-http-post.handler.js';
import { StreamableHttpRoute } from './streamable-http/streamable-http.route.js';

/**
 * The transports: the MCP HTTP listener (mounted in front of Express by `attachMcpListener`) and
 * stdio. Expects `APP_CONFIG`, `REQUEST_AUTHENTICATOR` and `BearerChallenges` from global modules.
 */
@Module({
  imports: [McpCoreModule, ShutdownModule, StreamsModule],
  providers: [
    SseHeartbeat,
    ErrorStatusMapper,
    SessionResolver,
    SessionResponders,
    MirroredHeadersValidator,
    ModernPostHandler,
    JsonRpcBodyReader,
    StreamableHttpPostHandler,
    StreamableHttpRoute,
    LegacySseConnections,
    LegacySseStreamRoute,
    LegacySseMessagesRoute,
    {
      provide: MCP_HTTP_ROUTES,
      useFactory: (...routes: McpHttpRoute[]): readonly McpHttpRoute[] => routes,
      inject: [StreamableHttpRoute, LegacySseStreamRoute, LegacySseMessagesRoute],
    },
    McpHttpListener,
    StdioTransport,
  ],
  exports: [McpHttpListener, StdioTransport],
})
export class TransportModule {}

import type { IncomingMessage, Server, ServerResponse } from 'node:http';

import type { McpHttpListener } from './mcp-http-listener.js';

/** What serves every request the MCP listener does not take: the Express app. */
export type HttpRequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Puts the MCP listener in front of the Express app on `server` (docs/architecture.md
 * "The hot path"): the request listeners Nest installed are replaced by one that offers each
 * request to the MCP listener first and falls through to `fallback` (the Express app) for every
 * other path. Call after `app.init()` and before `listen()`.
 */
export function attachMcpListener(
  server: Server,
  listener: McpHttpListener,
  fallback: HttpRequestHandler,
): void {
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (!listener.handle(req, res)) fallback(req, res);
  });
}

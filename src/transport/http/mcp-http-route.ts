import type { IncomingMessage, ServerResponse } from 'node:http';

import type { Principal } from '../../protocol/context/principal.js';

/**
 * One MCP endpoint served by {@link McpHttpListener} in front of Express: `/mcp` now, the legacy
 * `/sse` and `/messages` next. The listener has already checked Origin and Host, answered CORS
 * preflights, authenticated the caller and refused methods outside `methods`.
 */
export interface McpHttpRoute {
  readonly path: string;
  /** HTTP methods served, as listed in `Allow` and CORS `Access-Control-Allow-Methods`. */
  readonly methods: readonly string[];
  /** Throws `HttpRejection` or `McpError` (with `httpStatus`) before the response has started. */
  handle(req: IncomingMessage, res: ServerResponse, principal: Principal): Promise<void>;
}

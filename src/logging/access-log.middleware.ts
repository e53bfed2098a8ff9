import type { IncomingMessage, ServerResponse } from 'node:http';

import { principalOf } from '../auth/guards/request-principal.js';
import { type HttpAccessLog, millisecondsSince, pathOf } from './http-access-log.js';
import { requestIdFor } from './request-id.js';

/** Probe and scrape traffic: every few seconds per replica, and nothing to learn from it. */
const QUIET_PATHS = new Set(['/health/live', '/health/ready', '/metrics']);

/**
 * The access log of the Express routes (admin API, health, metrics, OAuth metadata): one
 * {@link HttpAccessLog} line when the response closes, with the principal the admin guard
 * authenticated. Every response carries its request id. Nest `Logger` lines are not bound to the
 * request: that binding needs an `AsyncLocalStorage`, and on Node 20 running one turns promise
 * hooks on for the whole process, which cost the MCP listener (never behind Express) ~10 % of
 * its throughput (README "Performance"); the access line carries the request id instead.
 */
export function accessLogMiddleware(
  log: HttpAccessLog,
): (request: IncomingMessage, response: ServerResponse, next: () => void) => void {
  return (request, response, next) => {
    const requestId = requestIdFor(request, response);
    // Express keeps the full target in `originalUrl` when a mount path trimmed `url`.
    const { originalUrl } = request as IncomingMessage & { originalUrl?: string };
    const path = pathOf(originalUrl ?? request.url);
    if (!QUIET_PATHS.has(path)) {
      const startedAt = performance.now();
      response.once('close', () =>
        log.write({
          requestId,
          method: request.method ?? '',
          path,
          status: response.statusCode,
          durationMs: millisecondsSince(startedAt),
          principal: principalOf(request)?.subject,
          ...(response.writableFinished ? {} : { aborted: true }),
        }),
      );
    }
    next();
  };
}

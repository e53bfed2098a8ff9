import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';

/** What an upstream proxy may hand us as a request id: short, printable, no separators. */
const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Request id for logs: the load balancer's `X-Request-Id` when it is well-formed (so one id
 * follows a request through the proxy and this server), else a random UUID. Echoed in the
 * response so a client can quote it.
 */
export function requestIdFor(request: IncomingMessage, response: ServerResponse): string {
  const offered = request.headers[REQUEST_ID_HEADER];
  const id = typeof offered === 'string' && ACCEPTABLE_ID.test(offered) ? offered : randomUUID();
  if (!response.headersSent) response.setHeader(REQUEST_ID_HEADER, id);
  return id;
}

import type { ServerResponse } from 'node:http';

/** Request headers a browser client may send (2026-07-28 adds Mcp-Method and Mcp-Name). */
const ALLOWED_HEADERS = [
  'Content-Type',
  'Authorization',
  'Mcp-Session-Id',
  'MCP-Protocol-Version',
  'Last-Event-ID',
  'Mcp-Method',
  'Mcp-Name',
].join(', ');

/** Response headers a browser client must be able to read: the session id, the auth challenge. */
const EXPOSED_HEADERS = ['Mcp-Session-Id', 'WWW-Authenticate'].join(', ');

/** How long a browser may cache a preflight answer (Chromium caps it at 2 hours). */
const PREFLIGHT_MAX_AGE_SECONDS = '7200';

/**
 * CORS (WHATWG Fetch §3.2) for browser MCP clients: headers every response to a cross-origin
 * request carries, rejections included. Called only after the Origin check passed, so the allowed
 * origin is echoed, never `*`: the bearer token stays usable only from origins the operator
 * listed. Without `Access-Control-Expose-Headers: Mcp-Session-Id` browser sessions break right
 * after `initialize`.
 */
export function applyCorsHeaders(res: ServerResponse, origin: string): void {
  res.setHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
  res.setHeader('Vary', 'Origin');
}

/**
 * 204 to an `OPTIONS` preflight, unauthenticated: browsers send no credentials (Fetch §4.8).
 * 2026-07-28 `Mcp-Param-{X}` names depend on the tool, and `*` does not cover requests with
 * credentials, so the ones the browser asks for are echoed.
 */
export function answerPreflight(
  res: ServerResponse,
  methods: readonly string[],
  requestedHeaders: string | undefined,
): void {
  const params = (requestedHeaders ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => /^mcp-param-[!#$%&'*+.^_`|~0-9a-z-]+$/i.test(name));
  res.writeHead(204, {
    'Access-Control-Allow-Methods': [...methods, 'OPTIONS'].join(', '),
    'Access-Control-Allow-Headers':
      params.length === 0 ? ALLOWED_HEADERS : `${ALLOWED_HEADERS}, ${params.join(', ')}`,
    'Access-Control-Max-Age': PREFLIGHT_MAX_AGE_SECONDS,
  });
  res.end();
}

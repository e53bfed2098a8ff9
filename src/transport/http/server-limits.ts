import type { Server, ServerOptions, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

import type { AppConfig } from '../../config/app-config.js';
import { HTTP_REJECTIONS } from './http-rejections.js';
import { errorBody } from './http-response.writer.js';

/**
 * Options for `http.createServer` (docs/security.md "Limits"; Node's defaults are 60 s for headers
 * and 300 s for the request). `maxHeaderSize` can only be set here, when the server is created (or
 * with `node --max-http-header-size`): Nest's bootstrap must pass these options when it builds the
 * server; {@link applyServerLimits} sets everything that can still be changed afterwards.
 */
export function mcpHttpServerOptions(config: AppConfig): ServerOptions {
  return {
    maxHeaderSize: config.http.maxHeaderBytes,
    headersTimeout: config.http.headersTimeoutMs,
    requestTimeout: config.http.requestTimeoutMs,
    keepAliveTimeout: config.http.keepAliveTimeoutMs,
    connectionsCheckingInterval: timeoutCheckIntervalMs(config),
    requireHostHeader: true,
  };
}

/**
 * Node checks both timeouts only every `connectionsCheckingInterval` (default 30 s), so a
 * slowloris client could hold its socket 30 s past a 10 s `headersTimeout`. Checking every
 * quarter of the shorter timeout (clamped to 250 ms … 1 s) keeps the overshoot at most 25 %.
 */
function timeoutCheckIntervalMs(config: AppConfig): number {
  const shortest = Math.min(config.http.headersTimeoutMs, config.http.requestTimeoutMs);
  return Math.min(1_000, Math.max(250, Math.floor(shortest / 4)));
}

/**
 * A header count far above what any MCP client sends (about a dozen) and far below Node's 2,000:
 * further headers are dropped by the parser, which keeps per-request header work bounded.
 */
export const MAX_HEADERS_COUNT = 100;

/**
 * Applies the configured timeouts to an existing server and answers the parser's own rejections
 * (431 headers too large, 408 timeouts, 400 garbage) with a JSON-RPC body like every other
 * rejection (docs/http-errors.md). `requestTimeout` bounds receiving a request only, never an
 * SSE response, so long streams are unaffected.
 */
export function applyServerLimits(server: Server, config: AppConfig): void {
  server.headersTimeout = config.http.headersTimeoutMs;
  server.requestTimeout = config.http.requestTimeoutMs;
  server.keepAliveTimeout = config.http.keepAliveTimeoutMs;
  server.maxHeadersCount = MAX_HEADERS_COUNT;
  server.on('clientError', answerClientError);
}

type ParserRejectionKey = 'headersTooLarge' | 'requestTimeout' | 'malformedHttp';

/** Node error codes of the HTTP parser and server timers → rejection rows; others are 400. */
const PARSER_REJECTIONS: ReadonlyMap<string, ParserRejectionKey> = new Map([
  ['HPE_HEADER_OVERFLOW', 'headersTooLarge'],
  ['ERR_HTTP_REQUEST_TIMEOUT', 'requestTimeout'],
  ['HPE_HEADERS_TIMEOUT', 'requestTimeout'],
]);

/**
 * Mirrors Node's default `clientError` behaviour (docs of `http.Server` 'clientError'): answer
 * unless the socket is gone or a response already started on it, then close the connection.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  const current = (socket as Duplex & { _httpMessage?: ServerResponse })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || current?.headersSent === true) {
    socket.destroy();
    return;
  }
  const { status, code, message } =
    HTTP_REJECTIONS[PARSER_REJECTIONS.get(error.code ?? '') ?? 'malformedHttp'];
  const body = errorBody({ code, message });
  socket.end(
    `HTTP/1.1 ${status} ${message}\r\n` +
      'Content-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}

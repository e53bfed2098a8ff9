import { context, ROOT_CONTEXT, SpanKind, trace, type Tracer } from '@opentelemetry/api';
import {
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_URL_PATH,
} from '@opentelemetry/semantic-conventions';

import { markFailed } from './span-status.js';
import { readTraceParent, type TraceCarrier } from './trace-context.reader.js';

/** What the HTTP server span needs of one request and its response (no HTTP types here). */
export interface HttpExchange {
  readonly method: string;
  /** The path without its query (semconv `url.path`). */
  readonly path: string;
  /** The matched route template (semconv `http.route`), e.g. `/mcp`. */
  readonly route: string;
  readonly headers: TraceCarrier;
  readonly response: {
    readonly statusCode: number;
    once(event: 'close', listener: () => void): unknown;
  };
}

/**
 * Serves one HTTP request inside its SERVER span (semconv HTTP server span: named
 * `{method} {http.route}`), continuing the W3C trace context of its `traceparent`/`tracestate`
 * headers. The span ends when the response closes, a long-lived stream included; a 5xx marks it
 * failed (semconv: a 4xx is the client's error, not the server's).
 */
export function serveHttpInSpan<T>(tracer: Tracer, exchange: HttpExchange, serve: () => T): T {
  const parent = readTraceParent(exchange.headers) ?? ROOT_CONTEXT;
  const span = tracer.startSpan(
    `${exchange.method} ${exchange.route}`,
    {
      kind: SpanKind.SERVER,
      attributes: {
        [ATTR_HTTP_REQUEST_METHOD]: exchange.method,
        [ATTR_URL_PATH]: exchange.path,
        [ATTR_HTTP_ROUTE]: exchange.route,
      },
    },
    parent,
  );
  const { response } = exchange;
  response.once('close', () => {
    span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, response.statusCode);
    if (response.statusCode >= 500) markFailed(span, String(response.statusCode));
    span.end();
  });
  return context.with(trace.setSpan(parent, span), serve);
}

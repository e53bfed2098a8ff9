import { context, propagation } from '@opentelemetry/api';

/**
 * Puts the current trace context (W3C `traceparent`, `tracestate`, `baggage`) into the headers
 * of an outgoing HTTP request, so an upstream MCP server continues this server's trace. Through
 * the global propagator: with tracing off it is the API's no-op and writes nothing.
 */
export function injectTraceHeaders(headers: Record<string, string>): Record<string, string> {
  propagation.inject(context.active(), headers);
  return headers;
}

/**
 * `_meta` of an outgoing MCP request with the current trace context added under the unprefixed
 * keys MCP reserves for it (SEP-414, semconv MCP §Context propagation): a copy, the keys of
 * `meta` kept. For transports without headers (stdio) and for upstreams that read `_meta` only.
 */
export function withTraceMeta(
  meta: Readonly<Record<string, unknown>> = {},
): Record<string, unknown> {
  const carrier: Record<string, unknown> = { ...meta };
  propagation.inject(context.active(), carrier);
  return carrier;
}

import {
  ROOT_CONTEXT,
  type Context,
  isSpanContextValid,
  type TextMapGetter,
  trace,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

/** HTTP headers (node lower-cases names) or a JSON-RPC `_meta` object. */
export type TraceCarrier = Readonly<Record<string, unknown>>;

/**
 * Reads only string values: `_meta` is client JSON, so a `traceparent` that is a number or an
 * object is treated as absent instead of being coerced; a repeated HTTP header (an array) is
 * ambiguous and treated as absent too.
 */
const STRING_GETTER: TextMapGetter<TraceCarrier> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => {
    const value = carrier[key];
    return typeof value === 'string' ? value : undefined;
  },
};

const propagator = new W3CTraceContextPropagator();

/**
 * The remote parent a carrier names with W3C `traceparent`/`tracestate` (W3C Trace Context §3;
 * MCP 2026-07-28 reserves the same keys in `params._meta`), or `undefined` when it names none
 * or an invalid one (malformed, or an all-zero trace or span id, §3.2.2.3–4).
 */
export function readTraceParent(carrier: TraceCarrier | undefined): Context | undefined {
  if (carrier === undefined) return undefined;
  const extracted = propagator.extract(ROOT_CONTEXT, carrier, STRING_GETTER);
  const parent = trace.getSpanContext(extracted);
  return parent !== undefined && isSpanContextValid(parent) ? extracted : undefined;
}

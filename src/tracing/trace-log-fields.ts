import { context, trace } from '@opentelemetry/api';

/** The trace fields of a log line, named as the OpenTelemetry log data model names them. */
export interface TraceLogFields {
  readonly trace_id?: string;
  readonly span_id?: string;
  readonly trace_flags?: string;
}

/**
 * pino `mixin` of the root logger when tracing is on (src/logging/pino-http-options.ts): every
 * line written while a span is current carries its trace and span id, so a request's lines are
 * found from its trace and back. Not installed when tracing is off: no line pays for it.
 */
export function traceLogFields(): TraceLogFields {
  const span = trace.getSpanContext(context.active());
  // A new object each time: pino merges the line's own fields into what the mixin returns.
  if (span === undefined) return {};
  return {
    trace_id: span.traceId,
    span_id: span.spanId,
    trace_flags: span.traceFlags.toString(16).padStart(2, '0'),
  };
}

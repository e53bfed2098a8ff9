import { context, trace } from '@opentelemetry/api';
import { afterAll, describe, expect, it } from 'vitest';

import { startInMemoryTracing } from './in-memory-tracing.js';
import { injectTraceHeaders, withTraceMeta } from './trace-context.writer.js';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;

describe('trace context for upstream calls', () => {
  it('should write nothing while tracing is off', () => {
    expect(injectTraceHeaders({ accept: 'application/json' })).toEqual({
      accept: 'application/json',
    });
    expect(withTraceMeta({ progressToken: 1 })).toEqual({ progressToken: 1 });
  });

  describe('with tracing on', () => {
    const tracing = startInMemoryTracing();
    afterAll(() => tracing.lease.release());

    it('should put the current span into the headers and into a copy of _meta', () => {
      const span = tracing.lease.tracer('t', '1').startSpan('upstream call');
      const { traceId, spanId } = span.spanContext();
      const meta = { progressToken: 1 };
      const [headers, sentMeta] = context.with(trace.setSpan(context.active(), span), () => [
        injectTraceHeaders({}),
        withTraceMeta(meta),
      ]);
      span.end();
      expect(headers?.traceparent).toBe(`00-${traceId}-${spanId}-01`);
      expect(sentMeta).toEqual({ progressToken: 1, traceparent: `00-${traceId}-${spanId}-01` });
      expect(meta).toEqual({ progressToken: 1 });
      expect(String(headers?.traceparent)).toMatch(TRACEPARENT);
    });
  });
});

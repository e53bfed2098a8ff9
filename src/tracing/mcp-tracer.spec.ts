import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { beforeEach, describe, expect, it } from 'vitest';

import type { JsonObject, JsonRpcRequest } from '../protocol/json-rpc/json-rpc.types.js';
import { McpTracer } from './mcp-tracer.js';

const TRACE_A = '4bf92f3577b34da6a3ce929d0e0e4736';
const TRACE_B = '0af7651916cd43dd8448eb211c80319c';
const PARENT = '00f067aa0ba902b7';
const ECHO = { name: 'echo', version: '1.0.0' };

function request(meta?: unknown, method = 'tools/call'): JsonRpcRequest {
  const params: JsonObject = { name: 'echo' };
  if (meta !== undefined) params._meta = meta;
  return { jsonrpc: '2.0', id: 7, method, params };
}

const ok = { jsonrpc: '2.0', id: 7, result: {} } as const;
const answerOk = () => Promise.resolve(ok);

describe('McpTracer', () => {
  const exporter = new InMemorySpanExporter();
  const tracer = new McpTracer(
    new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] }).getTracer('t'),
  );
  const spans = (): ReadableSpan[] => exporter.getFinishedSpans();
  const serveOk = () => tracer.traceRequest(request(), undefined, answerOk, (r) => r);

  beforeEach(() => exporter.reset());

  it('should start a new trace when no parent is given', async () => {
    await serveOk();
    const [span] = spans();
    expect(span?.name).toBe('tools/call echo');
    expect(span?.kind).toBe(SpanKind.SERVER);
    expect(span?.parentSpanContext).toBeUndefined();
  });

  it('should take the parent from _meta.traceparent and tracestate', async () => {
    const meta = { traceparent: `00-${TRACE_B}-${PARENT}-01`, tracestate: 'v=1' };
    await tracer.traceRequest(request(meta), undefined, answerOk, (r) => r);
    const [span] = spans();
    expect(span?.spanContext().traceId).toBe(TRACE_B);
    expect(span?.parentSpanContext?.spanId).toBe(PARENT);
    expect(span?.spanContext().traceState?.get('v')).toBe('1');
  });

  it('should prefer the HTTP headers over _meta', async () => {
    const meta = { traceparent: `00-${TRACE_B}-${PARENT}-01` };
    await tracer.withHttpParent({ traceparent: `00-${TRACE_A}-${PARENT}-01` }, () =>
      tracer.traceRequest(request(meta), undefined, answerOk, (r) => r),
    );
    expect(spans()[0]?.spanContext().traceId).toBe(TRACE_A);
  });

  it.each([
    ['a malformed header', { traceparent: 'garbage' }],
    ['an all-zero trace id', { traceparent: `00-${'0'.repeat(32)}-${PARENT}-01` }],
    ['a repeated header', { traceparent: [`00-${TRACE_A}-${PARENT}-01`] }],
  ])('should fall back to _meta past %s', async (_, headers) => {
    const meta = { traceparent: `00-${TRACE_B}-${PARENT}-01` };
    await tracer.withHttpParent(headers, () =>
      tracer.traceRequest(request(meta), undefined, answerOk, (r) => r),
    );
    expect(spans()[0]?.spanContext().traceId).toBe(TRACE_B);
  });

  it('should ignore a _meta traceparent that is not a string', async () => {
    await tracer.traceRequest(request({ traceparent: 42 }), undefined, answerOk, (r) => r);
    expect(spans()[0]?.parentSpanContext).toBeUndefined();
  });

  it('should parent a tool span on the request span, with its real start time', async () => {
    await tracer.traceRequest(
      request(),
      undefined,
      () => {
        tracer.toolFinished(ECHO, 'timeout', performance.now() - 50);
        return Promise.resolve(ok);
      },
      (r) => r,
    );
    const [tool, parent] = spans();
    expect(tool?.name).toBe('execute_tool echo');
    expect(tool?.parentSpanContext?.spanId).toBe(parent?.spanContext().spanId);
    expect(tool?.status.code).toBe(SpanStatusCode.ERROR);
    expect(tool?.attributes).toMatchObject({
      'mcp.tool.outcome': 'timeout',
      'error.type': 'timeout',
    });
    const [seconds = 0, nanos = 0] = tool?.duration ?? [];
    expect(seconds * 1000 + nanos / 1e6).toBeGreaterThanOrEqual(49);
  });

  it('should mark a JSON-RPC error answer with its code', async () => {
    const error = { jsonrpc: '2.0', id: 7, error: { code: -32602, message: 'x' } } as const;
    await tracer.traceRequest(
      request(),
      undefined,
      () => Promise.resolve(error),
      (r) => r,
    );
    const [span] = spans();
    expect(span?.status.code).toBe(SpanStatusCode.ERROR);
    expect(span?.attributes).toMatchObject({
      'error.type': '-32602',
      'rpc.response.status_code': '-32602',
    });
  });

  it('should end the span when serving throws', async () => {
    const failing = tracer.traceRequest(
      request(),
      undefined,
      () => Promise.reject(new TypeError('boom')),
      (r: undefined) => r,
    );
    await expect(failing).rejects.toThrow('boom');
    expect(spans()[0]?.attributes['error.type']).toBe('TypeError');
  });
});

import { EventEmitter } from 'node:events';

import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';

import type { JsonObject, JsonRpcRequest } from '../protocol/json-rpc/json-rpc.types.js';
import { startInMemoryTracing } from './in-memory-tracing.js';
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

/** A response that closes when the test says so, with the status it set. */
class FakeResponse extends EventEmitter {
  statusCode = 200;
}

describe('McpTracer', () => {
  const tracing = startInMemoryTracing();
  const tracer = new McpTracer(tracing.lease.tracer('t', '1'));
  const spans = () => tracing.spans();
  const span = (name: string) => spans().find((s) => s.name === name);

  /** Serves `serve` inside an HTTP server span whose request carried `headers`. */
  async function overHttp<T>(headers: Record<string, unknown>, serve: () => Promise<T>) {
    const response = new FakeResponse();
    const exchange = { method: 'POST', path: '/mcp', route: '/mcp', headers, response };
    const served = await tracer.traceHttp(exchange, serve);
    response.emit('close');
    return served;
  }

  beforeEach(() => tracing.reset());
  afterAll(() => tracing.lease.release());

  it('should start a new trace when no parent is given', async () => {
    await tracer.traceRequest(request(), undefined, answerOk, (r) => r);
    const [only] = spans();
    expect(only?.name).toBe('tools/call echo');
    expect(only?.kind).toBe(SpanKind.SERVER);
    expect(only?.parentSpanContext).toBeUndefined();
  });

  it('should take the parent from _meta.traceparent and tracestate', async () => {
    const meta = { traceparent: `00-${TRACE_B}-${PARENT}-01`, tracestate: 'v=1' };
    await tracer.traceRequest(request(meta), undefined, answerOk, (r) => r);
    const [only] = spans();
    expect(only?.spanContext().traceId).toBe(TRACE_B);
    expect(only?.parentSpanContext?.spanId).toBe(PARENT);
    expect(only?.spanContext().traceState?.get('v')).toBe('1');
  });

  it('should parent the request on the HTTP span, which continues the traceparent header', async () => {
    await overHttp({ traceparent: `00-${TRACE_A}-${PARENT}-01` }, () =>
      tracer.traceRequest(request(), undefined, answerOk, (r) => r),
    );
    const http = span('POST /mcp');
    expect(http?.kind).toBe(SpanKind.SERVER);
    expect(http?.parentSpanContext?.spanId).toBe(PARENT);
    expect(http?.attributes).toMatchObject({
      'http.request.method': 'POST',
      'url.path': '/mcp',
      'http.route': '/mcp',
      'http.response.status_code': 200,
    });
    const rpc = span('tools/call echo');
    expect(rpc?.spanContext().traceId).toBe(TRACE_A);
    expect(rpc?.parentSpanContext?.spanId).toBe(http?.spanContext().spanId);
  });

  it('should parent the request on _meta over the HTTP span, and link the HTTP span', async () => {
    const meta = { traceparent: `00-${TRACE_B}-${PARENT}-01` };
    await overHttp({ traceparent: `00-${TRACE_A}-${PARENT}-01` }, () =>
      tracer.traceRequest(request(meta), undefined, answerOk, (r) => r),
    );
    const http = span('POST /mcp');
    const rpc = span('tools/call echo');
    expect(rpc?.spanContext().traceId).toBe(TRACE_B);
    expect(rpc?.links.map((l) => l.context.spanId)).toEqual([http?.spanContext().spanId]);
  });

  it.each([
    ['a malformed traceparent', { traceparent: 'garbage' }],
    ['an all-zero trace id', { traceparent: `00-${'0'.repeat(32)}-${PARENT}-01` }],
    ['a traceparent that is not a string', { traceparent: 42 }],
  ])('should ignore %s in _meta', async (_, meta) => {
    await overHttp({ traceparent: `00-${TRACE_A}-${PARENT}-01` }, () =>
      tracer.traceRequest(request(meta), undefined, answerOk, (r) => r),
    );
    expect(span('tools/call echo')?.spanContext().traceId).toBe(TRACE_A);
  });

  it('should ignore a repeated traceparent header', async () => {
    await overHttp({ traceparent: [`00-${TRACE_A}-${PARENT}-01`] }, () => Promise.resolve());
    expect(span('POST /mcp')?.parentSpanContext).toBeUndefined();
  });

  it('should mark an HTTP span failed on a 5xx status only', () => {
    const response = new FakeResponse();
    response.statusCode = 503;
    const exchange = { method: 'POST', path: '/mcp', route: '/mcp', headers: {}, response };
    tracer.traceHttp(exchange, () => undefined);
    expect(spans()).toHaveLength(0);
    response.emit('close');
    expect(spans()[0]?.status.code).toBe(SpanStatusCode.ERROR);
    expect(spans()[0]?.attributes['error.type']).toBe('503');
  });

  it("should make the tool span current, so an author's own span is its child", async () => {
    await tracer.traceRequest(
      request(),
      undefined,
      async () => {
        const tool = tracer.startTool(ECHO);
        await tool.run(() =>
          trace.getTracer('author').startActiveSpan('lookup', (own) => {
            own.end();
            return Promise.resolve();
          }),
        );
        tool.end('timeout');
        return ok;
      },
      (r) => r,
    );
    const rpc = span('tools/call echo');
    const tool = span('execute_tool echo');
    const own = span('lookup');
    expect(tool?.parentSpanContext?.spanId).toBe(rpc?.spanContext().spanId);
    expect(own?.parentSpanContext?.spanId).toBe(tool?.spanContext().spanId);
    expect(tool?.status.code).toBe(SpanStatusCode.ERROR);
    expect(tool?.attributes).toMatchObject({
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'echo',
      'mcp.tool.version': '1.0.0',
      'mcp.tool.outcome': 'timeout',
      'error.type': 'timeout',
    });
  });

  it('should record a tool answered without a run with its real start time', async () => {
    await tracer.traceRequest(
      request(),
      undefined,
      () => {
        tracer.toolFinished(ECHO, 'replayed', performance.now() - 50);
        return Promise.resolve(ok);
      },
      (r) => r,
    );
    const tool = span('execute_tool echo');
    expect(tool?.status.code).toBe(SpanStatusCode.UNSET);
    const [seconds = 0, nanos = 0] = tool?.duration ?? [];
    expect(seconds * 1000 + nanos / 1e6).toBeGreaterThanOrEqual(49);
  });

  it('should add the policy decision to the request span as an event', async () => {
    await tracer.traceRequest(
      request(),
      undefined,
      () => {
        tracer.policyDecided('tool echo', 'allow');
        return Promise.resolve(ok);
      },
      (r) => r,
    );
    expect(span('tools/call echo')?.events).toMatchObject([
      {
        name: 'mcp.policy.decision',
        attributes: { 'mcp.policy.target': 'tool echo', 'mcp.policy.decision': 'allow' },
      },
    ]);
  });

  it('should mark a JSON-RPC error answer with its code', async () => {
    const error = { jsonrpc: '2.0', id: 7, error: { code: -32602, message: 'x' } } as const;
    await tracer.traceRequest(
      request(),
      undefined,
      () => Promise.resolve(error),
      (r) => r,
    );
    const [only] = spans();
    expect(only?.status.code).toBe(SpanStatusCode.ERROR);
    expect(only?.attributes).toMatchObject({
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

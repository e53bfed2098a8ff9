import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { RawMcpSession } from '../support/raw-mcp-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** The fields of an OTLP/JSON span this suite reads (ids are lower-case hex in OTLP/JSON). */
interface OtlpSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly name: string;
  readonly kind: number;
  readonly status?: { readonly code?: number };
  readonly attributes: readonly { key: string; value: { stringValue?: string } }[];
}

interface OtlpExport {
  readonly resourceSpans: readonly {
    readonly scopeSpans: readonly { readonly spans: readonly OtlpSpan[] }[];
  }[];
}

const SPAN_KIND_SERVER = 2;
const SPAN_KIND_INTERNAL = 1;
const STATUS_ERROR = 2;

/** An in-process OTLP/HTTP collector: records every JSON export POSTed to `/v1/traces`. */
class OtlpReceiver {
  readonly exports: OtlpExport[] = [];
  private readonly server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/v1/traces') {
        this.exports.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpExport);
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  spans(): OtlpSpan[] {
    return this.exports.flatMap((e) =>
      e.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)),
    );
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function attribute(span: OtlpSpan, key: string): string | undefined {
  return span.attributes.find((a) => a.key === key)?.value.stringValue;
}

const HEADER_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const HEADER_PARENT = '00f067aa0ba902b7';
const META_TRACE = '0af7651916cd43dd8448eb211c80319c';
const META_PARENT = 'b7ad6b7169203331';
const LOSING_META_TRACE = '11111111111111111111111111111111';

describe('tracing: OTLP spans continue the W3C trace context', () => {
  const receiver = new OtlpReceiver();
  let app: TestApp | undefined;
  let spans: OtlpSpan[] = [];

  beforeAll(async () => {
    const endpoint = await receiver.start();
    app = await startTestApp({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint } });
    const session = await RawMcpSession.open(app.url);
    const call = async (id: number, name: string, meta: object, headers = {}) => {
      const response = await fetch(app!.url, {
        method: 'POST',
        headers: { ...session.headers(), ...headers },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id,
          method: 'tools/call',
          params: { name, arguments: { message: `m${id}` }, _meta: meta },
        }),
      });
      expect(response.status).toBe(200);
      return response.text();
    };
    // Header and `_meta` both present: the header wins.
    await call(
      1,
      'echo',
      { traceparent: `00-${LOSING_META_TRACE}-${META_PARENT}-01` },
      { traceparent: `00-${HEADER_TRACE}-${HEADER_PARENT}-01`, tracestate: 'vendor=1' },
    );
    await call(2, 'echo', {
      traceparent: `00-${META_TRACE}-${META_PARENT}-01`,
      tracestate: 'vendor=2',
    });
    expect(await call(3, 'no_such_tool', {})).toContain('"error"');
    await session.close();
    // Closing the app shuts the tracer provider down, which flushes the batch to the receiver.
    await app.close();
    app = undefined;
    spans = receiver.spans();
  });

  afterAll(async () => {
    await app?.close();
    await receiver.close();
  });

  function requestSpan(requestId: string): OtlpSpan {
    const span = spans.find((s) => attribute(s, 'jsonrpc.request.id') === requestId);
    expect(span, `request span of id ${requestId}`).toBeDefined();
    return span!;
  }

  function toolSpanUnder(parent: OtlpSpan): OtlpSpan {
    const span = spans.find((s) => s.parentSpanId === parent.spanId);
    expect(span, `tool span under ${parent.name}`).toBeDefined();
    return span!;
  }

  it('should continue the trace of the traceparent header, over _meta', () => {
    const request = requestSpan('1');
    expect(request).toMatchObject({
      name: 'tools/call echo',
      kind: SPAN_KIND_SERVER,
      traceId: HEADER_TRACE,
      parentSpanId: HEADER_PARENT,
    });
    expect(attribute(request, 'mcp.method.name')).toBe('tools/call');
    expect(attribute(request, 'mcp.protocol.version')).toBe('2025-11-25');
    expect(attribute(request, 'rpc.system.name')).toBe('jsonrpc');
    expect(attribute(request, 'mcp.session.id')).toMatch(/.+/);
    expect(spans.some((s) => s.traceId === LOSING_META_TRACE)).toBe(false);
  });

  it('should continue the trace of params._meta.traceparent without a header', () => {
    const request = requestSpan('2');
    expect(request).toMatchObject({ traceId: META_TRACE, parentSpanId: META_PARENT });
  });

  it('should record each tool run as a child of its request span', () => {
    for (const [id, trace] of [
      ['1', HEADER_TRACE],
      ['2', META_TRACE],
    ] as const) {
      const request = requestSpan(id);
      const tool = toolSpanUnder(request);
      expect(tool).toMatchObject({ name: 'execute_tool echo', kind: SPAN_KIND_INTERNAL });
      expect(tool.traceId).toBe(trace);
      expect(attribute(tool, 'gen_ai.tool.name')).toBe('echo');
      expect(attribute(tool, 'mcp.tool.version')).toMatch(/.+/);
      expect(attribute(tool, 'mcp.tool.outcome')).toBe('success');
    }
  });

  it('should mark an error response with error status and its JSON-RPC code', () => {
    const request = requestSpan('3');
    expect(request.status?.code).toBe(STATUS_ERROR);
    expect(attribute(request, 'error.type')).toMatch(/^-32\d{3}$/);
    expect(request.parentSpanId ?? '').toBe('');
    expect(spans.some((s) => s.parentSpanId === request.spanId)).toBe(false);
  });

  it('should trace initialize as a request span of its own trace', () => {
    expect(spans.find((s) => s.name === 'initialize')).toBeDefined();
  });
});

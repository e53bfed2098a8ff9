import { afterAll, beforeAll, expect, it } from 'vitest';

import { TRACED_TOOL, TracedToolModule } from '../fixtures/traced-tool.module.js';
import { describeEachDatabase } from '../support/database.js';
import {
  attribute,
  OtlpReceiver,
  type OtlpSpan,
  SPAN_KIND_CLIENT,
  SPAN_KIND_INTERNAL,
  SPAN_KIND_SERVER,
  spanTree,
  STATUS_ERROR,
  treeOutline,
} from '../support/otlp-receiver.js';
import { RawMcpSession } from '../support/raw-mcp-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const HEADER_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const HEADER_PARENT = '00f067aa0ba902b7';
const META_TRACE = '0af7651916cd43dd8448eb211c80319c';
const META_PARENT = 'b7ad6b7169203331';
const BOTH_HEADER_TRACE = '22222222222222222222222222222222';
const BOTH_META_TRACE = '11111111111111111111111111111111';
const TOOL_TRACE = '33333333333333333333333333333333';

const traceparent = (traceId: string, parent: string) => `00-${traceId}-${parent}-01`;

describeEachDatabase('tracing: OTLP spans of a request, from HTTP to the database', (tier) => {
  const receiver = new OtlpReceiver();
  let app: TestApp | undefined;
  let spans: OtlpSpan[] = [];

  beforeAll(async () => {
    const endpoint = await receiver.start();
    app = await startTestApp({
      tier,
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint },
      extraImports: [TracedToolModule],
    });
    const session = await RawMcpSession.open(app.url);
    const call = async (id: number, name: string, args: object, meta: object, headers = {}) => {
      const response = await fetch(app!.url, {
        method: 'POST',
        headers: { ...session.headers(), ...headers },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id,
          method: 'tools/call',
          params: { name, arguments: args, _meta: meta },
        }),
      });
      expect(response.status).toBe(200);
      return response.text();
    };
    const echo = { message: 'hi' };
    await call(1, 'echo', echo, {}, { traceparent: traceparent(HEADER_TRACE, HEADER_PARENT) });
    await call(
      2,
      'echo',
      { message: 'hi' },
      { traceparent: traceparent(BOTH_META_TRACE, META_PARENT) },
      { traceparent: traceparent(BOTH_HEADER_TRACE, HEADER_PARENT), tracestate: 'vendor=1' },
    );
    await call(3, 'echo', echo, {
      traceparent: traceparent(META_TRACE, META_PARENT),
      tracestate: 'vendor=2',
    });
    expect(await call(4, 'no_such_tool', {}, {})).toContain('"error"');
    expect(
      await call(
        5,
        TRACED_TOOL,
        { name: 'echo' },
        {},
        { traceparent: traceparent(TOOL_TRACE, HEADER_PARENT) },
      ),
    ).toContain('versions');
    await session.close();
    // Closing the app releases its share of the SDK, which flushes the batch to the receiver.
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

  function spanById(spanId: string | undefined): OtlpSpan | undefined {
    return spans.find((s) => s.spanId === spanId);
  }

  function childNamed(parent: OtlpSpan, name: string): OtlpSpan {
    const span = spans.find((s) => s.parentSpanId === parent.spanId && s.name === name);
    expect(span, `${name} under ${parent.name}`).toBeDefined();
    return span!;
  }

  it('should parent the request span on the HTTP span, which continues the traceparent header', () => {
    const request = requestSpan('1');
    const http = spanById(request.parentSpanId);
    expect(http).toMatchObject({
      name: 'POST /mcp',
      kind: SPAN_KIND_SERVER,
      traceId: HEADER_TRACE,
      parentSpanId: HEADER_PARENT,
    });
    expect(attribute(http!, 'http.request.method')).toBe('POST');
    expect(attribute(http!, 'http.route')).toBe('/mcp');
    expect(attribute(http!, 'url.path')).toBe('/mcp');
    expect(attribute(http!, 'http.response.status_code')).toBe('200');
    expect(request).toMatchObject({ name: 'tools/call echo', kind: SPAN_KIND_SERVER });
    expect(attribute(request, 'mcp.method.name')).toBe('tools/call');
    expect(attribute(request, 'mcp.protocol.version')).toBe('2025-11-25');
    expect(attribute(request, 'rpc.system.name')).toBe('jsonrpc');
    expect(attribute(request, 'mcp.session.id')).toMatch(/.+/);
  });

  it('should parent the request span on _meta.traceparent and link the HTTP span', () => {
    const request = requestSpan('2');
    expect(request).toMatchObject({ traceId: BOTH_META_TRACE, parentSpanId: META_PARENT });
    const http = spans.find((s) => s.traceId === BOTH_HEADER_TRACE);
    expect(http?.name).toBe('POST /mcp');
    expect(request.links).toEqual([
      expect.objectContaining({ traceId: BOTH_HEADER_TRACE, spanId: http?.spanId }),
    ]);
    expect(requestSpan('3')).toMatchObject({ traceId: META_TRACE, parentSpanId: META_PARENT });
  });

  it('should record each tool run as a child of its request span, with the policy decision', () => {
    for (const id of ['1', '2', '3']) {
      const request = requestSpan(id);
      const tool = childNamed(request, 'execute_tool echo');
      expect(tool).toMatchObject({ kind: SPAN_KIND_INTERNAL, traceId: request.traceId });
      expect(attribute(tool, 'gen_ai.operation.name')).toBe('execute_tool');
      expect(attribute(tool, 'gen_ai.tool.name')).toBe('echo');
      expect(attribute(tool, 'mcp.tool.version')).toMatch(/.+/);
      expect(attribute(tool, 'mcp.tool.outcome')).toBe('success');
      expect(request.events?.map((e) => e.name)).toContain('mcp.policy.decision');
    }
  });

  it("should export a tool author's own span and query under the execute_tool span", () => {
    const request = requestSpan('5');
    const tool = childNamed(request, `execute_tool ${TRACED_TOOL}`);
    const own = childNamed(tool, 'count tool versions');
    expect(attribute(own, 'fixture.tool_versions')).toMatch(/^\d+$/);
    const query = childNamed(own, 'SELECT tool_versions');
    expect(query.kind).toBe(SPAN_KIND_CLIENT);
    expect(attribute(query, 'db.system.name')).toBe('postgresql');
    expect(attribute(query, 'db.operation.name')).toBe('SELECT');
    expect(attribute(query, 'db.collection.name')).toBe('tool_versions');
    expect(attribute(query, 'db.query.text')).toBe(
      'SELECT count(*) AS count FROM tool_versions WHERE name = $1',
    );
  });

  it('should trace the audit group commit the call waited for, with its statement', () => {
    const request = requestSpan('5');
    const audit = childNamed(request, 'audit_log append');
    expect(attribute(audit, 'mcp.audit.rows')).toMatch(/^[1-9]\d*$/);
    expect(attribute(audit, 'mcp.audit.waiting_calls')).toBe('1');
    const statement = spans.find((s) => s.parentSpanId === audit.spanId);
    expect(attribute(statement!, 'db.query.text')).toMatch(
      /^SELECT audit_append\(\$1::text, \$2::boolean\[\]\)/,
    );
    // The tree of this one tools/call, as exported (docs/tracing.md shows it).
    const http = spanById(request.parentSpanId)!;
    expect(treeOutline(spanTree(spans, http))).toEqual([
      'POST /mcp',
      `  tools/call ${TRACED_TOOL}`,
      '    audit_log append',
      '      SELECT',
      `    execute_tool ${TRACED_TOOL}`,
      '      count tool versions',
      '        SELECT tool_versions',
    ]);
  });

  it('should mark an error response with error status and its JSON-RPC code', () => {
    const request = requestSpan('4');
    expect(request.status?.code).toBe(STATUS_ERROR);
    expect(attribute(request, 'error.type')).toMatch(/^-32\d{3}$/);
    expect(spanById(request.parentSpanId)?.name).toBe('POST /mcp');
    expect(
      spans.some((s) => s.parentSpanId === request.spanId && s.kind === SPAN_KIND_INTERNAL),
    ).toBe(false);
  });

  it('should trace initialize as a request span under its HTTP span', () => {
    const initialize = spans.find((s) => s.name === 'initialize');
    expect(spanById(initialize?.parentSpanId)?.name).toBe('POST /mcp');
  });
});

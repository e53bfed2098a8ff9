import { createServer } from 'node:net';

import { Global, type INestApplication, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { register } from 'prom-client';
import { DataSource } from 'typeorm';
import { afterEach, describe, expect, it } from 'vitest';

import { ConfigModule, loadConfig } from '../config/index.js';
import { createLoggerModule } from '../logging/logging.module.js';
import { NULL_SINK } from '../protocol/context/message-sink.js';
import { McpSessionService } from '../sessions/mcp-session.service.js';
import { McpMetrics } from './mcp-metrics.service.js';
import { METRIC_NAMES } from './metric-names.js';
import { MetricsModule } from './metrics.module.js';

/** What `readPoolStats` needs of a TypeORM DataSource backed by a pg.Pool. */
const fakeDataSource = {
  isInitialized: true,
  driver: { master: { totalCount: 7, idleCount: 3, waitingCount: 2 } },
};

/** The sessions the core caches: two on /mcp without a GET stream, one legacy SSE session. */
const liveSessions = [
  { transport: 'streamable-http', standaloneSink: NULL_SINK },
  { transport: 'streamable-http', standaloneSink: NULL_SINK },
  { transport: 'sse', standaloneSink: { send: () => true } },
];
const fakeSessions = { liveSessions: () => liveSessions.values() };

/** Stands in for the global database module, which exports the DataSource. */
@Global()
@Module({
  providers: [
    { provide: DataSource, useValue: fakeDataSource },
    { provide: McpSessionService, useValue: fakeSessions },
  ],
  exports: [DataSource],
})
class FakeDatabaseModule {}

let app: INestApplication | undefined;

afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function start(env: Record<string, string> = {}): Promise<string> {
  register.clear();
  const moduleRef = await Test.createTestingModule({
    imports: [
      ConfigModule.forRoot(loadConfig({ LOG_LEVEL: 'silent', ...env })),
      createLoggerModule({ destination: 'stderr' }),
      FakeDatabaseModule,
      MetricsModule,
    ],
  }).compile();
  app = moduleRef.createNestApplication({ logger: false });
  await app.listen(0, '127.0.0.1');
  return app.getUrl();
}

/** A port that was free a moment ago, for the dedicated metrics listener. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function scrape(url: string): Promise<string> {
  const response = await fetch(`${url}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return response.text();
}

describe(MetricsModule.name, () => {
  it('should expose recorded MCP metrics with bounded labels and default process metrics', async () => {
    const url = await start();
    const sut = app!.get(McpMetrics);

    sut.requestHandled('tools/call', 'ok', 0.004);
    sut.requestHandled('tools/call', 'ok', 0.02);
    sut.toolCalled('echo', '1.0.0', 'success', 0.003);
    sut.toolsListed();
    sut.securityEvent('invalid_token');
    sut.rateLimited('principal');
    sut.auditWrite(0.002);
    sut.auditQueueDepth(5);
    sut.auditWriteFailed();

    const text = await scrape(url);
    expect(text).toContain('mcp_requests_total{method="tools/call",outcome="ok"} 2');
    expect(text).toContain('mcp_request_duration_seconds_count{method="tools/call"} 2');
    expect(text).toContain('mcp_tool_calls_total{tool="echo",version="1.0.0",outcome="success"} 1');
    expect(text).toContain('mcp_tool_call_duration_seconds_bucket{le="0.005",tool="echo"} 1');
    expect(text).toContain('mcp_tools_list_total 1');
    expect(text).toContain('mcp_active_sessions{transport="streamable-http"} 2');
    expect(text).toContain('mcp_active_sessions{transport="sse"} 1');
    expect(text).toContain('mcp_open_streams{transport="sse"} 1');
    expect(text).not.toContain('mcp_open_streams{transport="streamable-http"}');
    expect(text).toContain('mcp_security_events_total{type="invalid_token"} 1');
    expect(text).toContain('mcp_rate_limit_hits_total{scope="principal"} 1');
    expect(text).toContain('mcp_audit_write_duration_seconds_count 1');
    expect(text).toContain('mcp_audit_queue_depth 5');
    expect(text).toContain('mcp_audit_write_failures_total 1');
    expect(text).toContain('db_pool_in_use 4');
    expect(text).toContain('db_pool_waiting 2');
    expect(text).toContain('process_resident_memory_bytes');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
    for (const name of Object.values(METRIC_NAMES)) expect(text).toContain(`# TYPE ${name} `);
  });

  it('should fold method names past the cap into "other"', async () => {
    const url = await start();
    const sut = app!.get(McpMetrics);
    for (let i = 0; i < 100; i += 1) sut.requestHandled(`made/up/${i}`, 'error', 0.001);

    const text = await scrape(url);
    const series = text.split('\n').filter((line) => line.startsWith('mcp_requests_total{'));
    expect(series).toHaveLength(65);
    expect(text).toContain('mcp_requests_total{method="other",outcome="error"} 36');
  });

  it('should move /metrics to METRICS_PORT when it is set', async () => {
    const port = await freePort();
    const url = await start({ METRICS_PORT: String(port) });
    app!.get(McpMetrics).toolsListed();

    expect((await fetch(`${url}/metrics`)).status).toBe(404);
    const dedicated = await scrape(`http://127.0.0.1:${port}`);
    expect(dedicated).toContain('mcp_tools_list_total 1');
    expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
  });
});

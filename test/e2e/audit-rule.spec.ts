import { createHash } from 'node:crypto';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Injectable, Module } from '@nestjs/common';
import type pg from 'pg';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { AuditLog } from '../../src/audit/audit-log.js';
import { PostgresAuditLog } from '../../src/audit/postgres-audit-log.js';
import { ToolAdminService } from '../../src/admin/tools/tool-admin.service.js';
import { McpCapabilitiesModule, McpTool } from '../../src/mcp/discovery/index.js';
import { canonicalJson } from '../../src/protocol/schema/canonical-json.js';
import { pgPoolOf } from '../../src/persistence/pg-pool.js';
import { availableTiers } from '../support/database.js';
import { principal } from '../support/mcp-core.fakes.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** Every `n` the probe ran with: the proof of execution, observed outside the database. */
const executions: number[] = [];

/** A test-only tool whose only effect is to record that its handler ran. */
@Injectable()
class AuditProbeTools {
  @McpTool({
    name: 'audit_probe',
    description: 'Records that it ran (test fixture).',
    input: { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] },
  })
  probe({ n }: { n: number }): string {
    executions.push(n);
    return `ran ${n}`;
  }

  @McpTool({
    name: 'audit_probe_read',
    description: 'Records that it ran; changes nothing (test fixture).',
    input: { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] },
    annotations: { readOnlyHint: true },
  })
  probeRead({ n }: { n: number }): string {
    executions.push(n);
    return `read ${n}`;
  }
}

@Module({ imports: [McpCapabilitiesModule.forFeature()], providers: [AuditProbeTools] })
class AuditProbeModule {}

const argumentsSha256 = (n: number): string =>
  createHash('sha256').update(canonicalJson({ n })).digest('hex');

/**
 * Cuts the database under a running app: while armed, every connection the app's pool hands out
 * has its socket destroyed before the first statement is sent, so nothing the app tries reaches
 * the database (a cable pulled between the app and Postgres). Disarmed, the pool reconnects.
 */
function databaseCut(dataSource: DataSource): { arm(): void; restore(): void; cuts(): number } {
  let armed = false;
  let cuts = 0;
  pgPoolOf(dataSource).on('acquire', (client) => {
    if (!armed) return;
    cuts++;
    (client as unknown as pg.Client).connection.stream.destroy();
  });
  return {
    arm: () => (armed = true),
    restore: () => (armed = false),
    cuts: () => cuts,
  };
}

/**
 * docs/architecture.md "The audit contract": every tool call is audited before it runs, its handler
 * starting only after the COMMIT of its "started" row (fail closed), and rows of concurrent calls
 * share group commits. Checked on the real app over HTTP with the official client, on each database
 * tier.
 */
describe.each(availableTiers())('audit rule end to end [%s]', (tier) => {
  let app: TestApp;
  let client: Client;
  let transport: StreamableHTTPClientTransport;
  let dataSource: DataSource;

  beforeAll(async () => {
    executions.length = 0;
    app = await startTestApp({ tier, extraImports: [AuditProbeModule] });
    dataSource = app.running.app.get(DataSource);
    transport = new StreamableHTTPClientTransport(new URL(app.url));
    client = new Client({ name: 'audit-rule-e2e', version: '1.0.0' });
    await client.connect(transport);
  }, 120_000);

  afterAll(async () => {
    await client?.close();
    await app?.close();
  });

  async function startedRows(n: number): Promise<{ correlation_id: string }[]> {
    await app.running.app.get(AuditLog).flush();
    return dataSource.query(
      `SELECT correlation_id FROM audit_log
       WHERE event = 'tool_call.started' AND tool_name = 'audit_probe' AND arguments_sha256 = $1`,
      [argumentsSha256(n)],
    );
  }

  it('should answer 503 / -32003 and never run the handler when the database is cut', async () => {
    const cut = databaseCut(dataSource);
    expect(await client.callTool({ name: 'audit_probe', arguments: { n: -1 } })).toMatchObject({
      content: [{ type: 'text', text: 'ran -1' }],
    });
    const ranBefore = executions.length;

    cut.arm();
    let response: Response;
    try {
      response = await fetch(app.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          'mcp-session-id': transport.sessionId ?? '',
          'mcp-protocol-version': transport.protocolVersion ?? '',
        },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 'cut-call',
          method: 'tools/call',
          params: { name: 'audit_probe', arguments: { n: -2 } },
        }),
      });
    } finally {
      cut.restore();
    }

    expect(cut.cuts()).toBeGreaterThan(0);
    expect(response.status).toBe(503);
    const body = (await response.json()) as {
      id: unknown;
      error: { code: number; message: string };
    };
    expect(body).toMatchObject({ id: 'cut-call', error: { code: -32003 } });
    expect(JSON.stringify(body)).not.toMatch(/stack|ECONN|terminated|at \w+ \(/i);
    expect(executions).toHaveLength(ranBefore);

    // Nothing was written for the refused call, and the server recovers with the database.
    expect(await startedRows(-2)).toEqual([]);
    expect(await client.callTool({ name: 'audit_probe', arguments: { n: -3 } })).toMatchObject({
      content: [{ type: 'text', text: 'ran -3' }],
    });
    expect(executions.slice(ranBefore)).toEqual([-3]);
    expect(await startedRows(-3)).toHaveLength(1);
  }, 60_000);

  /**
   * The rows of the read-only probe's calls with `n` (outcome rows hold only the correlation id),
   * as committed now: no flush first.
   */
  async function readRows(n: number): Promise<{ event: string; outcome: string | null }[]> {
    return dataSource.query(
      `SELECT event, outcome FROM audit_log WHERE correlation_id IN (
         SELECT correlation_id FROM audit_log
         WHERE tool_name = 'audit_probe_read' AND arguments_sha256 = $1) ORDER BY id`,
      [argumentsSha256(n)],
    );
  }

  it('should audit a read-only call in one row, committed before its result arrives', async () => {
    expect(
      await client.callTool({ name: 'audit_probe_read', arguments: { n: -501 } }),
    ).toMatchObject({ content: [{ type: 'text', text: 'read -501' }] });
    expect(await readRows(-501)).toEqual([{ event: 'tool_call.completed', outcome: 'success' }]);
  });

  it('should withhold a read-only result the database cannot record, though the handler ran', async () => {
    const cut = databaseCut(dataSource);
    const ranBefore = executions.length;
    cut.arm();
    let answer: unknown;
    try {
      answer = await client
        .callTool({ name: 'audit_probe_read', arguments: { n: -502 } })
        .catch((error: unknown) => error);
    } finally {
      cut.restore();
    }
    expect(cut.cuts()).toBeGreaterThan(0);
    expect(executions.slice(ranBefore)).toEqual([-502]);
    expect(String(answer)).toContain('audit log unavailable; the result was withheld');
    expect(await readRows(-502)).toEqual([]);
  }, 60_000);

  it("should audit a read-only tool in two rows when the operator's policy says so", async () => {
    const tools = app.running.app.get(ToolAdminService);
    const operator = principal('root', { roles: ['admin'] });
    const choose = (auditRows: 'two' | null) =>
      tools.updatePolicy(operator, 'audit_probe_read', {}, { auditRows });
    await choose('two');
    try {
      await expect
        .poll(async () => {
          await client.callTool({ name: 'audit_probe_read', arguments: { n: -503 } });
          await app.running.app.get(AuditLog).flush();
          return (await readRows(-503)).map((row) => row.event);
        })
        .toContain('tool_call.started');
      const rows = await readRows(-503);
      expect(rows.at(-2)).toEqual({ event: 'tool_call.started', outcome: null });
      expect(rows.at(-1)).toEqual({ event: 'tool_call.finished', outcome: 'success' });
    } finally {
      await choose(null);
    }
  });

  it('should give each of 100 concurrent calls one started and one finished row, in group commits', async () => {
    const auditLog = app.running.app.get(AuditLog);
    expect(auditLog).toBeInstanceOf(PostgresAuditLog);
    await auditLog.flush();
    const before = (auditLog as PostgresAuditLog).stats;
    const calls = Array.from({ length: 100 }, (_, n) => n);
    // Five sessions of 20: one session may not hold more than MCP_MAX_STREAMS_PER_SESSION (32).
    const clients = [client];
    for (let i = 1; i < 5; i++) {
      const extra = new Client({ name: `audit-rule-e2e-${i}`, version: '1.0.0' });
      await extra.connect(new StreamableHTTPClientTransport(new URL(app.url)));
      clients.push(extra);
    }

    const results = await Promise.all(
      calls.map((n) =>
        clients[n % clients.length]!.callTool({ name: 'audit_probe', arguments: { n } }),
      ),
    ).finally(() => Promise.all(clients.slice(1).map((extra) => extra.close())));
    await auditLog.flush();

    expect(results.map((result) => result.isError ?? false)).toEqual(calls.map(() => false));
    expect(executions.filter((n) => n >= 0).sort((a, b) => a - b)).toEqual(calls);
    const rows: { n: number; started: number; finished: number; outcomes: string[] }[] =
      await dataSource.query(
        `SELECT s.n::int AS n, count(DISTINCT s.id)::int AS started, count(f.id)::int AS finished,
                array_agg(f.outcome) AS outcomes
         FROM (SELECT a.id, a.correlation_id, k.n - 1 AS n FROM audit_log a
               JOIN unnest($1::text[]) WITH ORDINALITY AS k(sha, n) ON a.arguments_sha256 = k.sha
               WHERE a.event = 'tool_call.started' AND a.tool_name = 'audit_probe') s
         LEFT JOIN audit_log f
           ON f.correlation_id = s.correlation_id AND f.event = 'tool_call.finished'
         GROUP BY s.n ORDER BY s.n`,
        [calls.map(argumentsSha256)],
      );
    expect(rows).toEqual(calls.map((n) => ({ n, started: 1, finished: 1, outcomes: ['success'] })));

    const after = (auditLog as PostgresAuditLog).stats;
    expect(after.rowsWritten - before.rowsWritten).toBe(200);
    // Group commit: fewer transactions than rows (one per row would be 200).
    expect(after.statements - before.statements).toBeLessThan(200);
    expect(after.failedStatements).toBe(before.failedStatements);
  }, 120_000);
});

import { randomUUID } from 'node:crypto';

import type { DataSource } from 'typeorm';
import { expect, it } from 'vitest';

import { AuditUnavailableError, type ToolCallStarted } from '../../src/audit/audit-log.js';
import { verifyAuditChain } from '../../src/audit/audit-chain.verifier.js';
import { PostgresAuditLog } from '../../src/audit/postgres-audit-log.js';
import { loadConfig } from '../../src/config/app-config.js';
import type { DatabaseCloser } from '../../src/persistence/database-closer.service.js';
import { echoCallStarted } from '../support/audit-entries.js';
import { describeEachDatabase, useTestDatabase } from '../support/database.js';

/** The closer only collects drains; these tests call flush() themselves. */
const closer = { beforeClose: () => undefined } as unknown as DatabaseCloser;
const config = loadConfig({});

function started(overrides: Partial<ToolCallStarted> = {}): ToolCallStarted {
  return echoCallStarted({
    requestId: '7',
    sessionId: 'session-1',
    clientId: 'agent-x',
    tenant: 'acme',
    roles: ['analyst', 'viewer'],
    transport: 'streamable-http',
    ...overrides,
  });
}

async function rowsFor(dataSource: DataSource, ids: readonly string[]): Promise<AuditRow[]> {
  return await dataSource.query<AuditRow[]>(
    `SELECT correlation_id, event, subject, client_id, tenant, roles, transport, session_id,
       request_id, tool_name, tool_version, definition_sha256, arguments_sha256, outcome,
       duration_ms, detail, occurred_at
     FROM audit_log WHERE correlation_id = ANY($1::uuid[]) ORDER BY id`,
    [ids],
  );
}

interface AuditRow {
  correlation_id: string;
  event: string;
  subject: string | null;
  roles: string[] | null;
  tenant: string | null;
  outcome: string | null;
  duration_ms: number | null;
  detail: string | null;
  occurred_at: Date;
  [column: string]: unknown;
}

describeEachDatabase(PostgresAuditLog.name, (tier) => {
  const db = useTestDatabase(tier);

  it('should write 200 concurrent started rows in fewer statements than rows', async () => {
    const sut = new PostgresAuditLog(db().dataSource, closer, config);
    const entries = Array.from({ length: 200 }, () => started());
    // Half arrive in one tick, half spread over later ticks while statements are in flight.
    await Promise.all(
      entries.map(async (entry, i) => {
        if (i % 2 === 1) await new Promise((resolve) => setTimeout(resolve, i % 7));
        await sut.recordStarted(entry);
      }),
    );
    const rows = await rowsFor(
      db().dataSource,
      entries.map((entry) => entry.correlationId),
    );
    expect(rows).toHaveLength(200);
    expect(sut.stats.rowsWritten).toBe(200);
    expect(sut.stats.statements).toBeGreaterThan(1);
    expect(sut.stats.statements).toBeLessThan(200);
  });

  it('should let a lone outcome row ride with the next started row, or go alone soon after', async () => {
    const sut = new PostgresAuditLog(db().dataSource, closer, config);
    const first = started();
    await sut.recordStarted(first);
    sut.recordFinished({ correlationId: first.correlationId, outcome: 'success', durationMs: 1 });
    // A turn of the event loop later: the outcome row is still waiting, and joins this one.
    await new Promise((resolve) => setImmediate(resolve));
    await sut.recordStarted(started());
    expect(sut.stats).toMatchObject({ statements: 2, rowsWritten: 3 });

    sut.recordFinished({ correlationId: first.correlationId, outcome: 'success', durationMs: 1 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sut.stats).toMatchObject({ statements: 3, rowsWritten: 4 });
  });

  it('should store every field of the started and finished rows', async () => {
    const sut = new PostgresAuditLog(db().dataSource, closer, config);
    const entry = started();
    const before = Date.now();
    await sut.recordStarted(entry);
    sut.recordFinished({
      correlationId: entry.correlationId,
      outcome: 'tool_error',
      durationMs: 12.6,
      detail: '-32602',
    });
    await sut.flush();
    const [start, finish] = await rowsFor(db().dataSource, [entry.correlationId]);
    expect(start).toMatchObject({
      event: 'tool_call.started',
      subject: 'alice',
      client_id: 'agent-x',
      tenant: 'acme',
      roles: ['analyst', 'viewer'],
      transport: 'streamable-http',
      session_id: 'session-1',
      request_id: '7',
      tool_name: 'echo',
      tool_version: '1.0.0',
      definition_sha256: 'a'.repeat(64),
      arguments_sha256: 'b'.repeat(64),
      outcome: null,
    });
    expect(start?.occurred_at.getTime()).toBeGreaterThanOrEqual(before);
    expect(finish).toMatchObject({
      event: 'tool_call.finished',
      subject: null,
      roles: null,
      outcome: 'tool_error',
      duration_ms: 13,
      detail: '-32602',
    });
  });

  it('should store a completed row with the caller and the outcome, durable once it resolves', async () => {
    const sut = new PostgresAuditLog(db().dataSource, closer, config);
    const entry = started();
    await sut.recordCompleted({ ...entry, outcome: 'success', durationMs: 3.4 });
    // No flush: the promise resolved on the acknowledged COMMIT.
    const [row, ...others] = await rowsFor(db().dataSource, [entry.correlationId]);
    expect(others).toEqual([]);
    expect(row).toMatchObject({
      event: 'tool_call.completed',
      subject: 'alice',
      client_id: 'agent-x',
      tool_name: 'echo',
      arguments_sha256: 'b'.repeat(64),
      outcome: 'success',
      duration_ms: 3,
      detail: null,
    });
    expect(await verifyAuditChain(db().dataSource)).toMatchObject({ ok: true });
  });

  it('should store awkward text (quotes, backslashes, braces, lone surrogates) so the chain verifies', async () => {
    const sut = new PostgresAuditLog(db().dataSource, closer, config);
    const awkward = 'a "quoted" \\ back\\slash, {brace} NULL';
    const entry = started({
      subject: awkward,
      clientId: 'NULL',
      tenant: ' lone \uD800 surrogate ',
      roles: ['r,1', 'r"2', 'NULL', 'é🙂', ''],
      requestId: '{}',
      toolName: 'line\nbreak',
    });
    await sut.recordStarted(entry);
    sut.recordFinished({
      correlationId: entry.correlationId,
      outcome: 'success',
      durationMs: 1,
      detail: '"NULL"',
    });
    await sut.flush();
    const [start, finish] = await rowsFor(db().dataSource, [entry.correlationId]);
    expect(start).toMatchObject({
      subject: awkward,
      client_id: 'NULL',
      // UTF-8 cannot carry a lone surrogate: stored, and hashed, as U+FFFD.
      tenant: ' lone \uFFFD surrogate ',
      roles: ['r,1', 'r"2', 'NULL', 'é🙂', ''],
      request_id: '{}',
      tool_name: 'line\nbreak',
    });
    expect(finish).toMatchObject({ detail: '"NULL"' });
    expect((await verifyAuditChain(db().dataSource)).ok).toBe(true);
  });

  it('should escape NUL characters instead of failing the batch', async () => {
    const sut = new PostgresAuditLog(db().dataSource, closer, config);
    const entry = started({ subject: 'a\u0000b', roles: ['r\u0000'], tenant: undefined });
    const neighbour = started();
    await Promise.all([sut.recordStarted(entry), sut.recordStarted(neighbour)]);
    const [row] = await rowsFor(db().dataSource, [entry.correlationId]);
    expect(row).toMatchObject({ subject: 'a\\u0000b', roles: ['r\\u0000'], tenant: null });
  });

  it('should reject a malformed correlation id without failing its batch neighbours', async () => {
    const sut = new PostgresAuditLog(db().dataSource, closer, config);
    const good = started();
    const results = await Promise.allSettled([
      sut.recordStarted(started({ correlationId: 'not-a-uuid' })),
      sut.recordStarted(good),
    ]);
    expect(results[0]).toMatchObject({
      status: 'rejected',
      reason: expect.any(AuditUnavailableError),
    });
    expect(results[1]).toMatchObject({ status: 'fulfilled' });
  });

  it('should refuse UPDATE, DELETE and TRUNCATE of audit rows', async () => {
    const { dataSource } = db();
    const sut = new PostgresAuditLog(dataSource, closer, config);
    const entry = started();
    await sut.recordStarted(entry);
    for (const statement of [
      `UPDATE audit_log SET subject = 'mallory' WHERE correlation_id = '${entry.correlationId}'`,
      `DELETE FROM audit_log WHERE correlation_id = '${entry.correlationId}'`,
      'TRUNCATE audit_log',
    ]) {
      await expect(dataSource.query(statement)).rejects.toThrow(/audit_log is append-only/);
    }
    const [row] = await rowsFor(dataSource, [entry.correlationId]);
    expect(row?.subject).toBe('alice');
  });

  it('should give up on an outcome row Postgres refuses after three attempts', async () => {
    const { dataSource } = db();
    const sut = new PostgresAuditLog(dataSource, closer, config);
    // A statement error (42883 undefined_function), not an outage: it counts against the row.
    await dataSource.query('ALTER FUNCTION audit_append RENAME TO audit_append_hidden');
    try {
      sut.recordFinished({ correlationId: randomUUID(), outcome: 'success', durationMs: 1 });
      await sut.flush();
      expect(sut.stats).toMatchObject({ failedStatements: 2, droppedFinishedRows: 0 });
      await sut.flush();
      expect(sut.stats).toMatchObject({ failedStatements: 3, droppedFinishedRows: 1 });
    } finally {
      await dataSource.query('ALTER FUNCTION audit_append_hidden RENAME TO audit_append');
    }
  });

  // Last: it closes the shared database.
  it('should reject started rows quickly with AuditUnavailableError when the database is gone', async () => {
    const { dataSource } = db();
    const sut = new PostgresAuditLog(dataSource, closer, config);
    await dataSource.destroy();
    const begun = Date.now();
    await expect(sut.recordStarted(started())).rejects.toBeInstanceOf(AuditUnavailableError);
    expect(Date.now() - begun).toBeLessThan(1_000);
    // An outage does not count against the outcome row: it waits for the database to return.
    sut.recordFinished({ correlationId: randomUUID(), outcome: 'success', durationMs: 1 });
    for (let i = 0; i < 3; i++) await sut.flush();
    expect(sut.stats).toMatchObject({ failedStatements: 5, droppedFinishedRows: 0 });
  });
});

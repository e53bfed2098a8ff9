import { randomUUID } from 'node:crypto';

import { expect, it } from 'vitest';

import { verifyAuditChain } from '../../src/audit/audit-chain.verifier.js';
import { appendToAuditChain } from '../../src/audit/audit-chain.writer.js';
import type { ToolCallStarted } from '../../src/audit/audit-log.js';
import { type AuditRow, EMPTY_AUDIT_COLUMNS } from '../../src/audit/audit-row.js';
import { PostgresAuditLog } from '../../src/audit/postgres-audit-log.js';
import { loadConfig } from '../../src/config/app-config.js';
import type { DatabaseCloser } from '../../src/persistence/database-closer.service.js';
import { pgPoolOf } from '../../src/persistence/pg-pool.js';
import { withClient } from '../../src/persistence/pg-client.js';
import { echoCallStarted } from '../support/audit-entries.js';
import { describeEachDatabase, useTestDatabase } from '../support/database.js';

const closer = { beforeClose: () => undefined } as unknown as DatabaseCloser;
const config = loadConfig({ MCP_AUDIT_ARGUMENTS: 'redacted' });

function started(subject: string): ToolCallStarted {
  return echoCallStarted({
    subject,
    clientId: 'agent',
    roles: ['r'],
    transport: 'streamable-http',
    arguments: { text: 'x\u0000\ud800', nested: { apiKey: 'k', n: 1.5 } },
  });
}

/** The hash chain of audit_log: one chain across batches, and every kind of tampering found. */
describeEachDatabase('audit hash chain', (tier) => {
  const db = useTestDatabase(tier);
  const pool = () => pgPoolOf(db().dataSource);

  async function asOwner(sql: string, params: unknown[] = []): Promise<void> {
    await pool().query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_refuse_update_delete');
    try {
      await pool().query(sql, params);
    } finally {
      await pool().query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_refuse_update_delete');
    }
  }

  it('should link every row of concurrent batches into one intact chain', async () => {
    const writers = [0, 1, 2].map(() => new PostgresAuditLog(db().dataSource, closer, config));
    // Multi-byte text too: Postgres hashes the UTF-8 bytes (audit_append), the verifier the same.
    await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        (writers[i % 3] as PostgresAuditLog).recordStarted(started(`user-${i}-zoë-🚀-東京`)),
      ),
    );
    const report = await verifyAuditChain(db().dataSource);
    expect(report).toMatchObject({ ok: true, checkedRows: 60, unchainedRows: 0 });
    const { rows } = await pool().query<{ arguments_redacted: unknown }>(
      'SELECT arguments_redacted FROM audit_log LIMIT 1',
    );
    expect(rows[0]?.arguments_redacted).toEqual({
      text: 'x\\u0000\ufffd',
      nested: { apiKey: '[redacted]', n: 1.5 },
    });
  });

  it('should store a retried outcome row once, whether or not its failed attempt committed', async () => {
    const outcome = (): AuditRow => ({
      ...EMPTY_AUDIT_COLUMNS,
      correlationId: randomUUID(),
      event: 'tool_call.finished',
      occurredAt: new Date().toISOString(),
      outcome: 'success',
      durationMs: 1,
    });
    const append = (row: AuditRow, retried: boolean): Promise<number> =>
      withClient(pool(), (client) => appendToAuditChain(client, [row], [retried]));
    const committed = outcome();
    expect(await append(committed, false)).toBe(1);
    // Its acknowledgement was lost, so the writer tries again: the row is not stored twice.
    expect(await append(committed, true)).toBe(0);
    // A retry of a write that never reached the table is stored.
    expect(await append(outcome(), true)).toBe(1);
    const { rows } = await pool().query<{ n: number }>(
      'SELECT count(*)::int AS n FROM audit_log WHERE correlation_id = $1',
      [committed.correlationId],
    );
    expect(rows[0]?.n).toBe(1);
    expect(await verifyAuditChain(db().dataSource)).toMatchObject({ ok: true, checkedRows: 62 });
  });

  it('should report a changed row as the first broken link', async () => {
    const { rows } = await pool().query<{ id: string }>(
      'SELECT id FROM audit_log ORDER BY id OFFSET 10 LIMIT 1',
    );
    const id = rows[0]?.id as string;
    await asOwner(`UPDATE audit_log SET subject = 'mallory' WHERE id = $1`, [id]);
    expect(await verifyAuditChain(db().dataSource)).toMatchObject({
      ok: false,
      checkedRows: 10,
      firstBroken: { id, reason: 'row_hash_mismatch' },
    });
  });

  it('should report a removed row at its successor', async () => {
    await asOwner(`DELETE FROM audit_log WHERE subject = 'mallory'`);
    const { rows } = await pool().query<{ id: string }>(
      'SELECT id FROM audit_log ORDER BY id OFFSET 10 LIMIT 1',
    );
    expect(await verifyAuditChain(db().dataSource)).toMatchObject({
      ok: false,
      firstBroken: { id: rows[0]?.id, reason: 'prev_hash_mismatch' },
    });
  });
});

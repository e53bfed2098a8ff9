import { randomUUID } from 'node:crypto';

import { beforeAll, expect, it } from 'vitest';

import { AuditLogEntryEntity } from '../../src/audit/audit-log-entry.entity.js';
import type { ToolCallOutcome } from '../../src/audit/audit-log.js';
import { type AuditFilter, queryAuditLog } from '../../src/audit/audit-log.query.js';
import { PostgresAuditLog } from '../../src/audit/postgres-audit-log.js';
import { loadConfig } from '../../src/config/app-config.js';
import type { DatabaseCloser } from '../../src/persistence/database-closer.service.js';
import { echoCallStarted } from '../support/audit-entries.js';
import { describeEachDatabase, useTestDatabase } from '../support/database.js';

const closer = { beforeClose: () => undefined } as unknown as DatabaseCloser;

interface Call {
  readonly subject: string;
  readonly clientId: string;
  readonly toolName: string;
  readonly outcome: ToolCallOutcome | undefined;
}

/** The search behind `GET /admin/api/audit` and its export, on rows the real writer appended. */
describeEachDatabase('audit search', (tier) => {
  const db = useTestDatabase(tier, { entities: [AuditLogEntryEntity] });
  const search = (filter: AuditFilter, limit = 100, before?: string) =>
    queryAuditLog(db().dataSource.getRepository(AuditLogEntryEntity), filter, before, limit);
  /** Per test, so filters only see that test's rows. */
  const tag = () => `t-${randomUUID()}`;
  let startedAt: Date;

  async function record(calls: readonly Call[]): Promise<string[]> {
    const writer = new PostgresAuditLog(db().dataSource, closer, loadConfig({}));
    const ids: string[] = [];
    for (const call of calls) {
      const started = echoCallStarted({
        subject: call.subject,
        clientId: call.clientId,
        transport: 'streamable-http',
        toolName: call.toolName,
      });
      await writer.recordStarted(started);
      if (call.outcome !== undefined) {
        writer.recordFinished({
          correlationId: started.correlationId,
          outcome: call.outcome,
          durationMs: 7,
        });
      }
      ids.push(started.correlationId);
    }
    await writer.flush();
    return ids;
  }

  beforeAll(() => {
    startedAt = new Date();
  });

  it('should fold each outcome into its call, newest first, and keep open calls open', async () => {
    const subject = tag();
    const [done, open] = await record([
      { subject, clientId: 'agent', toolName: 'echo', outcome: 'success' },
      { subject, clientId: 'agent', toolName: 'echo', outcome: undefined },
    ]);
    const { records, nextCursor } = await search({ subject });
    expect(records.map((row) => [row.correlationId, row.event, row.result])).toEqual([
      [open, 'tool_call.started', null],
      [done, 'tool_call.started', { outcome: 'success', durationMs: 7, detail: null }],
    ]);
    expect(records[0]).toMatchObject({ subject, clientId: 'agent', toolName: 'echo' });
    expect(records[0]?.occurredAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(nextCursor).toBeUndefined();
  });

  it('should combine filters on the caller with a filter on the outcome', async () => {
    const subject = tag();
    const [a, , , d] = await record([
      { subject, clientId: 'agent-a', toolName: 'echo', outcome: 'success' },
      { subject, clientId: 'agent-a', toolName: 'echo', outcome: 'tool_error' },
      { subject, clientId: 'agent-b', toolName: 'echo', outcome: 'success' },
      { subject, clientId: 'agent-a', toolName: 'add', outcome: 'success' },
    ]);
    const ids = async (filter: AuditFilter) =>
      (await search({ subject, ...filter })).records.map((row) => row.correlationId);
    expect(await ids({ clientId: 'agent-a', outcome: 'success' })).toEqual([d, a]);
    expect(await ids({ clientId: 'agent-a', toolName: 'echo', outcome: 'success' })).toEqual([a]);
    expect(await ids({ outcome: 'timeout' })).toEqual([]);
    expect(await ids({ event: 'admin.change' })).toEqual([]);
    expect(await ids({ from: startedAt, to: new Date(Date.now() + 60_000) })).toHaveLength(4);
    expect(await ids({ to: startedAt })).toEqual([]);
    expect(await ids({ subject: `${subject}\u0000` })).toEqual([]);
  });

  it('should show a call audited in one row with its own outcome, and filter on it', async () => {
    const subject = tag();
    const writer = new PostgresAuditLog(db().dataSource, closer, loadConfig({}));
    const entry = echoCallStarted({ subject, transport: 'streamable-http' });
    await writer.recordCompleted({ ...entry, outcome: 'timeout', durationMs: 9, detail: 'slow' });
    const [completed] = (await search({ subject, outcome: 'timeout' })).records;
    expect(completed).toMatchObject({
      correlationId: entry.correlationId,
      event: 'tool_call.completed',
      result: { outcome: 'timeout', durationMs: 9, detail: 'slow' },
    });
    expect((await search({ subject, outcome: 'success' })).records).toEqual([]);
    expect((await search({ subject, event: 'tool_call.completed' })).records).toHaveLength(1);
  });

  it('should page by id with a cursor, never repeating or skipping a record', async () => {
    const subject = tag();
    const calls = await record(
      Array.from({ length: 5 }, () => ({
        subject,
        clientId: 'agent',
        toolName: 'echo',
        outcome: 'success' as const,
      })),
    );
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await search({ subject }, 2, cursor);
      expect(page.records.length).toBeLessThanOrEqual(2);
      seen.push(...page.records.map((row) => row.correlationId));
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    expect(seen).toEqual([...calls].reverse());
  });
});

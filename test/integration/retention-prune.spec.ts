import { randomUUID } from 'node:crypto';

import type { DataSource } from 'typeorm';
import { expect, it } from 'vitest';

import { pruneInBatches } from '../../src/retention/prune-job.js';
import { pruneJobs } from '../../src/retention/prune-jobs.js';
import { withRetentionLock } from '../../src/retention/retention-lock.js';
import { RetentionSettings } from '../../src/retention/retention.settings.js';
import { describeEachDatabase, useTestDatabase } from '../support/database.js';

const DAY = 86_400;
const settings = new RetentionSettings({
  intervalSeconds: 60,
  batchRows: 2, // several batches per table
  sessionsSeconds: 7 * DAY,
  approvalsSeconds: 30 * DAY,
});
const jobs = pruneJobs(settings, { sessionIdleMs: 30 * 60_000 });

/** One retention round as the scheduler runs it: under the lock, every job in batches. */
function round(dataSource: DataSource): Promise<Record<string, number> | undefined> {
  return withRetentionLock(dataSource, async (runner) => {
    const pruned: Record<string, number> = {};
    for (const job of jobs) pruned[job.table] = await pruneInBatches(runner, job, 2);
    return pruned;
  });
}

async function seedSession(
  db: DataSource,
  ended: string | null,
  lastSeen: string,
): Promise<string> {
  const id = randomUUID();
  await db.query(
    `INSERT INTO sessions (id, subject, transport, protocol_version, client_capabilities,
       created_at, last_seen_at, ended_at)
     VALUES ($1, 'alice', 'streamable-http', '2025-11-25', '{}', now() - interval '60 days',
       now() - $2::interval, now() - $3::interval)`,
    [id, lastSeen, ended],
  );
  return id;
}

async function seedStreamEvent(db: DataSource, age: string): Promise<string> {
  const streamId = randomUUID();
  await db.query(
    `INSERT INTO stream_events (session_id, stream_id, seq, created_at)
     VALUES ('s', $1, 1, now() - $2::interval)`,
    [streamId, age],
  );
  return streamId;
}

async function seedTask(db: DataSource, status: string, age: string): Promise<string> {
  const id = randomUUID();
  await db.query(
    `INSERT INTO tasks (id, subject, tool, status, request, ttl_ms, created_at)
     VALUES ($1, 'alice', 'slow_compute', $2, '{}', 3600000, now() - $3::interval)`,
    [id, status, age],
  );
  return id;
}

async function seedIdempotencyRecord(db: DataSource, expiresIn: string): Promise<string> {
  const key = randomUUID();
  await db.query(
    `INSERT INTO tool_call_results
       (principal_key, idempotency_key, tool, arguments_sha256, state, expires_at)
     VALUES ('["alice",null]', $1, 'echo', 'sha', 'completed', now() + $2::interval)`,
    [key, expiresIn],
  );
  return key;
}

async function seedApproval(db: DataSource, status: string, age: string): Promise<string> {
  const id = randomUUID();
  await db.query(
    `INSERT INTO call_approvals (id, tool, tool_version, definition_sha256, arguments,
       arguments_sha256, principal_key, requester_subject, requester_roles, requester_scopes,
       transport, protocol_version, status, expires_at, created_at, decided_at)
     VALUES ($1, 'wire_money', '1', 'sha', '{}', 'sha', '["alice",null]', 'alice', '[]', '[]',
       'streamable-http', '2025-11-25', $2, now() - $3::interval + interval '1 hour',
       now() - $3::interval,
       CASE WHEN $2 IN ('pending', 'expired') THEN NULL ELSE now() - $3::interval END)`,
    [id, status, age],
  );
  return id;
}

async function remaining(db: DataSource, table: string, column: string): Promise<string[]> {
  const rows = await db.query<{ id: string }[]>(`SELECT ${column}::text AS id FROM ${table}`);
  return rows.map((row) => row.id).sort();
}

describeEachDatabase('retention prune jobs', (tier) => {
  const database = useTestDatabase(tier);

  it('should delete rows past their retention and keep fresh, open and pending ones', async () => {
    const db = database().dataSource;
    await seedSession(db, '8 days', '8 days');
    await seedSession(db, null, '8 days');
    const endedYesterday = await seedSession(db, '1 day', '1 day');
    const openIdleShort = await seedSession(db, null, '2 hours');
    await seedStreamEvent(db, '20 minutes');
    await seedStreamEvent(db, '16 minutes');
    const freshEvent = await seedStreamEvent(db, '1 minute');
    await seedTask(db, 'completed', '2 hours');
    await seedTask(db, 'failed', '3 hours');
    await seedTask(db, 'cancelled', '4 hours');
    const openExpired = await seedTask(db, 'working', '2 hours');
    const finishedLive = await seedTask(db, 'completed', '10 minutes');
    await seedIdempotencyRecord(db, '-1 second');
    const liveKey = await seedIdempotencyRecord(db, '1 hour');
    await seedApproval(db, 'rejected', '31 days');
    await seedApproval(db, 'expired', '40 days');
    await seedApproval(db, 'executed', '31 days');
    const pendingOld = await seedApproval(db, 'pending', '40 days');
    const approvedOld = await seedApproval(db, 'approved', '40 days');
    const failedRecent = await seedApproval(db, 'failed', '29 days');

    expect(await round(db)).toEqual({
      sessions: 2,
      stream_events: 2,
      tasks: 3,
      tool_call_results: 1,
      call_approvals: 3,
    });
    expect(await remaining(db, 'sessions', 'id')).toEqual([endedYesterday, openIdleShort].sort());
    expect(await remaining(db, 'stream_events', 'stream_id')).toEqual([freshEvent]);
    expect(await remaining(db, 'tasks', 'id')).toEqual([openExpired, finishedLive].sort());
    expect(await remaining(db, 'tool_call_results', 'idempotency_key')).toEqual([liveKey]);
    expect(await remaining(db, 'call_approvals', 'id')).toEqual(
      [pendingOld, approvedOld, failedRecent].sort(),
    );
    expect(await round(db)).toMatchObject({ sessions: 0, call_approvals: 0 });
  });

  it('should prune each row once when two rounds run at once', async () => {
    const db = database().dataSource;
    for (let i = 0; i < 7; i++) await seedStreamEvent(db, '1 hour');
    const rounds = await Promise.all([round(db), round(db)]);
    // A round that finds the lock taken skips (below); one that comes after finds nothing left.
    const pruned = rounds.map((counts) => counts?.stream_events ?? 0);
    expect(pruned.reduce((sum, rows) => sum + rows, 0)).toBe(7);
  });

  it.runIf(tier === 'postgres')(
    'should skip a round while another connection holds the lock',
    async () => {
      const db = database().dataSource;
      const inner = await withRetentionLock(db, () => round(db));
      expect(inner).toBeUndefined();
    },
  );
});

import { randomUUID } from 'node:crypto';

import { expect, it } from 'vitest';

import type { SessionRecord } from '../../src/sessions/session.repository.js';
import { pgPoolOf } from '../../src/persistence/pg-pool.js';
import { PostgresSessionRepository } from '../../src/sessions/postgres-session.repository.js';
import { describeEachDatabase, useTestDatabase } from '../support/database.js';

const IDLE_MS = 60_000;
const NO_CAP = { maxActive: 1_000, idleMs: IDLE_MS };

function session(overrides: Partial<SessionRecord> = {}): SessionRecord {
  const now = new Date();
  return {
    id: randomUUID(),
    subject: `user-${randomUUID()}`,
    clientId: 'agent-x',
    transport: 'streamable-http',
    protocolVersion: '2025-11-25',
    clientInfo: { name: 'client', version: '1.2.3', title: 'Client' },
    clientCapabilities: { elicitation: {}, roots: { listChanged: true } },
    logLevel: undefined,
    createdAt: now,
    lastSeenAt: now,
    ...overrides,
  };
}

describeEachDatabase(PostgresSessionRepository.name, (tier) => {
  const db = useTestDatabase(tier);
  const sut = () => new PostgresSessionRepository(db().dataSource);

  it('should return an inserted session as it was stored', async () => {
    const record = session();
    await sut().insertBelowCap(record, NO_CAP);
    expect(await sut().findActive(record.id, IDLE_MS)).toEqual(record);
  });

  it('should keep absent optional fields absent', async () => {
    const record = session({ clientId: undefined, clientInfo: undefined, transport: 'sse' });
    await sut().insertBelowCap(record, NO_CAP);
    expect(await sut().findActive(record.id, IDLE_MS)).toEqual(record);
  });

  it('should not find unknown ids, including ones with NUL characters', async () => {
    expect(await sut().findActive('missing', IDLE_MS)).toBeUndefined();
    expect(await sut().findActive('bad\u0000id', IDLE_MS)).toBeUndefined();
  });

  it('should end a session once and then no longer find it', async () => {
    const record = session();
    await sut().insertBelowCap(record, NO_CAP);
    expect(await sut().end(record.id)).toBe(true);
    expect(await sut().end(record.id)).toBe(false);
    expect(await sut().end('missing')).toBe(false);
    expect(await sut().findActive(record.id, IDLE_MS)).toBeUndefined();
  });

  it('should treat a session idle past the window as inactive until touched', async () => {
    const old = new Date(Date.now() - 10 * IDLE_MS);
    const record = session({ createdAt: old, lastSeenAt: old });
    await sut().insertBelowCap(record, NO_CAP);
    expect(await sut().findActive(record.id, IDLE_MS)).toBeUndefined();
    await sut().touch([record.id, 'missing']);
    const found = await sut().findActive(record.id, IDLE_MS);
    expect(found?.lastSeenAt.getTime()).toBeGreaterThan(old.getTime());
  });

  it('should refuse a session beyond the cap, counting only active sessions of the subject', async () => {
    const subject = `user-${randomUUID()}`;
    const old = new Date(Date.now() - 10 * IDLE_MS);
    const [a, b, ended, idle] = [
      session({ subject }),
      session({ subject }),
      session({ subject }),
      session({ subject, createdAt: old, lastSeenAt: old }),
    ];
    for (const record of [a, b, ended, idle]) await sut().insertBelowCap(record, NO_CAP);
    await sut().end(ended.id);
    const cap = { maxActive: 3, idleMs: IDLE_MS };
    // Only a and b count: not the ended one, not the idle one, not another subject's.
    expect(await sut().insertBelowCap(session(), { maxActive: 1, idleMs: IDLE_MS })).toBe(true);
    const third = session({ subject });
    expect(await sut().insertBelowCap(third, cap)).toBe(true);
    const fourth = session({ subject });
    expect(await sut().insertBelowCap(fourth, cap)).toBe(false);
    expect(await sut().findActive(fourth.id, IDLE_MS)).toBeUndefined();
    expect(await sut().findActive(third.id, IDLE_MS)).toBeDefined();
  });

  it('should keep serving its prepared statements after a new connection', async () => {
    // The embedded database shares one session between connections (forgetInheritedStatements).
    const record = session();
    await sut().insertBelowCap(record, NO_CAP);
    expect(await sut().findActive(record.id, IDLE_MS)).toEqual(record);
    const client = await pgPoolOf(db().dataSource).connect();
    client.release(true);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await sut().findActive(record.id, IDLE_MS)).toEqual(record);
    expect(await sut().end(record.id)).toBe(true);
  });

  it('should store the log level', async () => {
    const record = session();
    await sut().insertBelowCap(record, NO_CAP);
    await sut().setLogLevel(record.id, 'warning');
    expect((await sut().findActive(record.id, IDLE_MS))?.logLevel).toBe('warning');
  });

  it('should refuse a duplicate id', async () => {
    const record = session();
    await sut().insertBelowCap(record, NO_CAP);
    await expect(sut().insertBelowCap(record, NO_CAP)).rejects.toThrow(/duplicate key/);
  });
});

import { randomUUID } from 'node:crypto';

import { expect, it } from 'vitest';

import type { SessionRecord } from '../../src/sessions/session.repository.js';
import { PostgresSessionRepository } from '../../src/sessions/postgres-session.repository.js';
import { describeEachDatabase, useTestDatabase } from '../support/database.js';

const IDLE_MS = 60_000;

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
    await sut().insert(record);
    expect(await sut().findActive(record.id, IDLE_MS)).toEqual(record);
  });

  it('should keep absent optional fields absent', async () => {
    const record = session({ clientId: undefined, clientInfo: undefined, transport: 'sse' });
    await sut().insert(record);
    expect(await sut().findActive(record.id, IDLE_MS)).toEqual(record);
  });

  it('should not find unknown ids, including ones with NUL characters', async () => {
    expect(await sut().findActive('missing', IDLE_MS)).toBeUndefined();
    expect(await sut().findActive('bad\u0000id', IDLE_MS)).toBeUndefined();
  });

  it('should end a session once and then no longer find it', async () => {
    const record = session();
    await sut().insert(record);
    expect(await sut().end(record.id)).toBe(true);
    expect(await sut().end(record.id)).toBe(false);
    expect(await sut().end('missing')).toBe(false);
    expect(await sut().findActive(record.id, IDLE_MS)).toBeUndefined();
  });

  it('should treat a session idle past the window as inactive until touched', async () => {
    const old = new Date(Date.now() - 10 * IDLE_MS);
    const record = session({ createdAt: old, lastSeenAt: old });
    await sut().insert(record);
    expect(await sut().findActive(record.id, IDLE_MS)).toBeUndefined();
    await sut().touch([record.id, 'missing']);
    const found = await sut().findActive(record.id, IDLE_MS);
    expect(found?.lastSeenAt.getTime()).toBeGreaterThan(old.getTime());
  });

  it('should count only active sessions of the subject', async () => {
    const subject = `user-${randomUUID()}`;
    const old = new Date(Date.now() - 10 * IDLE_MS);
    const [a, b, ended, idle] = [
      session({ subject }),
      session({ subject }),
      session({ subject }),
      session({ subject, createdAt: old, lastSeenAt: old }),
    ];
    for (const record of [a, b, ended, idle, session()]) await sut().insert(record);
    await sut().end(ended.id);
    expect(await sut().countActive(subject, IDLE_MS)).toBe(2);
  });

  it('should store the log level', async () => {
    const record = session();
    await sut().insert(record);
    await sut().setLogLevel(record.id, 'warning');
    expect((await sut().findActive(record.id, IDLE_MS))?.logLevel).toBe('warning');
  });

  it('should refuse a duplicate id', async () => {
    const record = session();
    await sut().insert(record);
    await expect(sut().insert(record)).rejects.toThrow(/duplicate key/);
  });
});

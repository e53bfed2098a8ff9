import { randomUUID } from 'node:crypto';

import { NotFoundException } from '@nestjs/common';
import { expect, it } from 'vitest';

import { SessionAdminService } from '../../src/admin/sessions/session-admin.service.js';
import { AuditLogEntryEntity } from '../../src/audit/audit-log-entry.entity.js';
import { loadConfig } from '../../src/config/app-config.js';
import { ChangeBus } from '../../src/events/change-bus.js';
import { LocalChangeBus } from '../../src/events/local-change.bus.js';
import type { Principal } from '../../src/protocol/context/principal.js';
import { McpSessionService } from '../../src/sessions/mcp-session.service.js';
import { PostgresSessionRepository } from '../../src/sessions/postgres-session.repository.js';
import { SessionEntity } from '../../src/sessions/session.entity.js';
import type { SessionRecord } from '../../src/sessions/session.repository.js';
import { describeEachDatabase, useTestDatabase } from '../support/database.js';

const IDLE_MS = 60_000;
const config = loadConfig({ MCP_SESSION_IDLE_MS: String(IDLE_MS) });
const admin: Principal = {
  subject: 'root',
  roles: ['admin'],
  scopes: new Set(),
  clientId: undefined,
  tenant: undefined,
  authenticated: true,
  expiresAt: undefined,
};

/** A bus whose notifications never arrive, as when this instance's own LISTEN lags. */
class SilentChangeBus extends ChangeBus {
  publish(): Promise<void> {
    return Promise.resolve();
  }
  subscribe(): () => void {
    return () => undefined;
  }
}

/** The admin API's view of the sessions of every instance: listing and revocation. */
describeEachDatabase(SessionAdminService.name, (tier) => {
  const db = useTestDatabase(tier, { entities: [SessionEntity, AuditLogEntryEntity] });
  const liveSessions = (bus: ChangeBus) =>
    new McpSessionService(config, new PostgresSessionRepository(db().dataSource), bus);
  const sut = (bus: ChangeBus = new LocalChangeBus(), live = liveSessions(bus)) =>
    new SessionAdminService(config, db().dataSource.getRepository(SessionEntity), bus, live);

  /** Opens sessions of `subject`, one millisecond apart, oldest first. */
  async function open(subject: string, count: number, ageMs = 0): Promise<string[]> {
    const repository = new PostgresSessionRepository(db().dataSource);
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const at = new Date(Date.now() - ageMs + i);
      const record: SessionRecord = {
        id: randomUUID(),
        subject,
        clientId: 'agent',
        transport: 'streamable-http',
        protocolVersion: '2025-11-25',
        clientInfo: { name: 'client', version: '1' },
        clientCapabilities: {},
        logLevel: undefined,
        createdAt: at,
        lastSeenAt: at,
      };
      await repository.insertBelowCap(record, { maxActive: 1_000, idleMs: IDLE_MS });
      ids.push(record.id);
    }
    return ids;
  }

  it('should list the active sessions of a subject, newest first, page by page', async () => {
    const subject = `user-${randomUUID()}`;
    const [idle] = await open(subject, 1, IDLE_MS * 2);
    const ids = await open(subject, 5);
    await open(`other-${randomUUID()}`, 1);

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await sut().list(2, subject, cursor);
      expect(page.sessions.length).toBeLessThanOrEqual(2);
      seen.push(...page.sessions.map((session) => session.id));
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    expect(seen).toEqual([...ids].reverse());
    expect(seen).not.toContain(idle);

    const [newest] = (await sut().list(1, subject, undefined)).sessions;
    expect(newest).toMatchObject({
      id: ids.at(-1),
      subject,
      clientId: 'agent',
      transport: 'streamable-http',
      protocolVersion: '2025-11-25',
      clientInfo: { name: 'client', version: '1' },
    });
    expect(newest?.createdAt).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/);
  });

  it('should revoke an active session once, so it is listed no more', async () => {
    const subject = `user-${randomUUID()}`;
    const [id] = await open(subject, 1);
    await expect(sut().revoke(admin, id as string)).resolves.toMatchObject({ id, subject });
    expect((await sut().list(10, subject, undefined)).sessions).toEqual([]);
    await expect(sut().revoke(admin, id as string)).rejects.toBeInstanceOf(NotFoundException);
    await expect(sut().revoke(admin, 'no\u0000such')).rejects.toBeInstanceOf(NotFoundException);
    const audited = await db()
      .dataSource.getRepository(AuditLogEntryEntity)
      .findBy({ action: 'session.revoke', target: id as string });
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({ event: 'admin.change', subject: 'root' });
    expect(audited[0]?.changeAfter).toMatchObject({ id, subject, endedAt: 'revoked' });
  });

  it('should drop a revoked session from this instance at once, before any notification', async () => {
    const bus = new SilentChangeBus();
    const live = liveSessions(bus);
    const session = await live.open(
      { ...admin, subject: `user-${randomUUID()}` },
      { protocolVersion: '2025-11-25', clientInfo: undefined, clientCapabilities: {} },
      'streamable-http',
      { send: () => true },
    );
    expect(live.liveCount).toBe(1);
    await sut(bus, live).revoke(admin, session.id);
    expect(live.liveCount).toBe(0);
    await live.onModuleDestroy();
  });

  it('should refuse a cursor it did not issue', async () => {
    await expect(sut().list(10, undefined, 'not-a-cursor')).rejects.toThrow('Invalid cursor');
  });
});

import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, Repository } from 'typeorm';

import { adminChangeRow } from '../../audit/admin-change.row.js';
import { appendToAuditChainIn } from '../../audit/audit-chain.writer.js';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.constants.js';
import { ChangeBus } from '../../events/change-bus.js';
import { McpSessionService } from '../../sessions/mcp-session.service.js';
import { SessionEntity } from '../../sessions/session.entity.js';
import { SESSION_ENDED_CHANNEL } from '../../sessions/session-events.js';
import type { Principal } from '../../protocol/context/principal.js';
import { escapeNul } from '../../persistence/postgres-text.js';
import { decodeCreatedAtCursor, encodeCreatedAtCursor } from '../http/cursor.js';

export interface SessionAdminView {
  readonly id: string;
  readonly subject: string;
  readonly clientId: string | null;
  readonly transport: string;
  readonly protocolVersion: string;
  readonly clientInfo: unknown;
  readonly createdAt: string;
  readonly lastSeenAt: string;
}

const VIEW_FIELDS = [
  'id',
  'subject',
  'clientId',
  'transport',
  'protocolVersion',
  'clientInfo',
  'createdAt',
  'lastSeenAt',
] as const satisfies readonly (keyof SessionEntity)[];

type SessionFields = Pick<SessionEntity, (typeof VIEW_FIELDS)[number]>;

/**
 * Sessions for the admin API, listed through the entity's repository. Revoking ends the row (so
 * no instance loads it again) and writes the audit row in one transaction, then tells every
 * instance to drop its cached copy.
 */
@Injectable()
export class SessionAdminService {
  private readonly idleMs: number;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @InjectRepository(SessionEntity) private readonly sessions: Repository<SessionEntity>,
    private readonly bus: ChangeBus,
    private readonly liveSessions: McpSessionService,
  ) {
    this.idleMs = config.limits.sessionIdleMs;
  }

  async list(
    limit: number,
    subject: string | undefined,
    cursor: string | undefined,
  ): Promise<{ sessions: SessionAdminView[]; nextCursor?: string }> {
    const after = cursor === undefined ? undefined : decodeCreatedAtCursor(cursor);
    // Active = not ended and seen within the idle window (PostgresSessionRepository).
    const query = this.sessions
      .createQueryBuilder('s')
      .select(VIEW_FIELDS.map((field) => `s.${field}`))
      .where('s.endedAt IS NULL')
      .andWhere("s.lastSeenAt > now() - :idleMs * interval '1 millisecond'", {
        idleMs: this.idleMs,
      });
    if (subject !== undefined) {
      query.andWhere('s.subject = :subject', { subject: escapeNul(subject) });
    }
    if (after !== undefined) {
      query.andWhere('(s.createdAt, s.id) < (CAST(:createdAt AS timestamptz), :id)', {
        createdAt: after.createdAt,
        id: escapeNul(after.id),
      });
    }
    const rows = await query
      .orderBy('s.createdAt', 'DESC')
      .addOrderBy('s.id', 'DESC')
      .limit(limit + 1)
      .getMany();
    const page = rows.slice(0, limit).map(viewOf);
    const last = page[page.length - 1];
    return rows.length > limit && last !== undefined
      ? { sessions: page, nextCursor: encodeCreatedAtCursor(last) }
      : { sessions: page };
  }

  async revoke(admin: Principal, id: string): Promise<SessionAdminView> {
    const revoked = await this.sessions.manager.transaction(async (manager) => {
      const session = await this.lockActive(manager, escapeNul(id));
      if (session === undefined) return undefined;
      await manager.update(SessionEntity, { id: session.id }, { endedAt: () => 'now()' });
      const view = viewOf(session);
      await appendToAuditChainIn(manager, [
        adminChangeRow(admin, 'session.revoke', id, view, { ...view, endedAt: 'revoked' }),
      ]);
      return view;
    });
    if (revoked === undefined) throw new NotFoundException(`Unknown or ended session ${id}`);
    // Here at once, so the next request to this instance is refused; elsewhere through the bus,
    // whose delivery to this instance may come later (docs/architecture.md "Multi-instance").
    this.liveSessions.evict(id);
    await this.bus.publish(SESSION_ENDED_CHANNEL, { id });
    return revoked;
  }

  /**
   * The session, row-locked until the transaction ends, unless it has ended: a concurrent
   * revocation that commits first makes Postgres re-check `ended_at` on the row it waited for
   * (Postgres docs §13.2.1), so a session is revoked, and audited, once.
   */
  private async lockActive(manager: EntityManager, id: string): Promise<SessionFields | undefined> {
    const session = await manager
      .createQueryBuilder(SessionEntity, 's')
      .select(VIEW_FIELDS.map((field) => `s.${field}`))
      .where('s.id = :id', { id })
      .andWhere('s.endedAt IS NULL')
      .setLock('pessimistic_write')
      .getOne();
    return session ?? undefined;
  }
}

function viewOf(session: SessionFields): SessionAdminView {
  return {
    id: session.id,
    subject: session.subject,
    clientId: session.clientId,
    transport: session.transport,
    protocolVersion: session.protocolVersion,
    clientInfo: session.clientInfo,
    createdAt: session.createdAt.toISOString(),
    lastSeenAt: session.lastSeenAt.toISOString(),
  };
}

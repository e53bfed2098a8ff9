import { BadRequestException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { adminChangeRow } from '../../audit/admin-change.row.js';
import { appendToAuditChain } from '../../audit/audit-chain.writer.js';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.constants.js';
import { ChangeBus } from '../../events/change-bus.js';
import { SESSION_ENDED_CHANNEL } from '../../sessions/session-events.js';
import type { Principal } from '../../protocol/context/principal.js';
import { pgPoolOf } from '../../persistence/pg-pool.js';
import { withTransaction } from '../../persistence/pg-transaction.js';
import { decodeCursor, encodeCursor } from '../http/cursor.js';

/** ChangeBus channel of a revoked session; payload `{ id }`. */

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

interface SessionRow {
  id: string;
  subject: string;
  client_id: string | null;
  transport: string;
  protocol_version: string;
  client_info: unknown;
  created_at: Date;
  last_seen_at: Date;
}

const COLUMNS =
  'id, subject, client_id, transport, protocol_version, client_info, created_at, last_seen_at';
/** Active = not ended and seen within the idle window (PostgresSessionRepository). */
const ACTIVE = `ended_at IS NULL AND last_seen_at > now() - $1 * interval '1 millisecond'`;
const SQL = {
  page: `SELECT ${COLUMNS} FROM sessions
    WHERE ${ACTIVE} AND ($2::text IS NULL OR subject = $2)
      AND ($3::timestamptz IS NULL OR (created_at, id) < ($3, $4))
    ORDER BY created_at DESC, id DESC LIMIT $5`,
  revoke: `UPDATE sessions SET ended_at = now() WHERE id = $1 AND ended_at IS NULL
    RETURNING ${COLUMNS}`,
} as const;

/**
 * Sessions for the admin API. Revoking ends the row (so no instance loads it again), writes the
 * audit row in the same transaction, then tells every instance to drop its cached copy.
 */
@Injectable()
export class SessionAdminService {
  private readonly idleMs: number;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly bus: ChangeBus,
  ) {
    this.idleMs = config.limits.sessionIdleMs;
  }

  async list(
    limit: number,
    subject: string | undefined,
    cursor: string | undefined,
  ): Promise<{ sessions: SessionAdminView[]; nextCursor?: string }> {
    const after = cursor === undefined ? undefined : parseCursor(cursor);
    const { rows } = await pgPoolOf(this.dataSource).query<SessionRow>(SQL.page, [
      this.idleMs,
      subject ?? null,
      after?.createdAt ?? null,
      after?.id ?? null,
      limit + 1,
    ]);
    const page = rows.slice(0, limit).map(toView);
    const last = page[page.length - 1];
    return rows.length > limit && last !== undefined
      ? { sessions: page, nextCursor: encodeCursor([last.createdAt, last.id]) }
      : { sessions: page };
  }

  async revoke(admin: Principal, id: string): Promise<SessionAdminView> {
    const revoked = await withTransaction(pgPoolOf(this.dataSource), async (client) => {
      const { rows } = await client.query<SessionRow>(SQL.revoke, [id]);
      const row = rows[0];
      if (row === undefined) return undefined;
      const view = toView(row);
      await appendToAuditChain(client, [
        adminChangeRow(admin, 'session.revoke', id, view, { ...view, endedAt: 'revoked' }),
      ]);
      return view;
    });
    if (revoked === undefined) throw new NotFoundException(`Unknown or ended session ${id}`);
    await this.bus.publish(SESSION_ENDED_CHANNEL, { id });
    return revoked;
  }
}

function parseCursor(cursor: string): { createdAt: string; id: string } {
  const value = decodeCursor(cursor);
  if (
    Array.isArray(value) &&
    typeof value[0] === 'string' &&
    typeof value[1] === 'string' &&
    !Number.isNaN(Date.parse(value[0]))
  ) {
    return { createdAt: value[0], id: value[1] };
  }
  throw new BadRequestException('Invalid cursor');
}

function toView(row: SessionRow): SessionAdminView {
  return {
    id: row.id,
    subject: row.subject,
    clientId: row.client_id,
    transport: row.transport,
    protocolVersion: row.protocol_version,
    clientInfo: row.client_info,
    createdAt: row.created_at.toISOString(),
    lastSeenAt: row.last_seen_at.toISOString(),
  };
}

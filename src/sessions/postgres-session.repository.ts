import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { JsonObject } from '../mcp/json-rpc/json-rpc.types.js';
import type { ClientInfo, McpLogLevel } from '../mcp/context/mcp-session.js';
import type { TransportKind } from '../mcp/context/request-context.js';
import type { LegacyProtocolVersion } from '../mcp/protocol/protocol-version.js';
import { pgPoolOf } from '../persistence/pg-pool.js';
import { escapeNul, escapeNulOrNull, toJsonb } from '../persistence/postgres-text.js';
import { SessionRepository, type SessionRecord } from './session.repository.js';

interface SessionRow {
  id: string;
  subject: string;
  client_id: string | null;
  transport: TransportKind;
  protocol_version: LegacyProtocolVersion;
  client_info: ClientInfo | null;
  client_capabilities: JsonObject;
  log_level: McpLogLevel | null;
  created_at: Date;
  last_seen_at: Date;
}

/** "Active" = not ended and seen within the idle window; the clock is the database's. */
const ACTIVE = `ended_at IS NULL AND last_seen_at > now() - $2 * interval '1 millisecond'`;

const SQL = {
  insert: `INSERT INTO sessions (id, subject, client_id, transport, protocol_version, client_info,
      client_capabilities, log_level, created_at, last_seen_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
  findActive: `SELECT id, subject, client_id, transport, protocol_version, client_info,
      client_capabilities, log_level, created_at, last_seen_at
    FROM sessions WHERE id = $1 AND ${ACTIVE}`,
  setLogLevel: `UPDATE sessions SET log_level = $2 WHERE id = $1 AND ended_at IS NULL`,
  touch: `UPDATE sessions SET last_seen_at = now() WHERE id = ANY($1::text[]) AND ended_at IS NULL`,
  end: `UPDATE sessions SET ended_at = now() WHERE id = $1 AND ended_at IS NULL`,
  countActive: `SELECT count(*)::int AS n FROM sessions WHERE subject = $1 AND ${ACTIVE}`,
} as const;

/**
 * {@link SessionRepository} on the `sessions` table, one statement per call on the pool
 * (each is a single round trip in autocommit; no TypeORM query-runner overhead).
 */
@Injectable()
export class PostgresSessionRepository extends SessionRepository {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async insert(record: SessionRecord): Promise<void> {
    await pgPoolOf(this.dataSource).query(SQL.insert, [
      record.id,
      escapeNul(record.subject),
      escapeNulOrNull(record.clientId),
      record.transport,
      record.protocolVersion,
      record.clientInfo === undefined ? null : toJsonb(record.clientInfo),
      toJsonb(record.clientCapabilities),
      record.logLevel ?? null,
      record.createdAt,
      record.lastSeenAt,
    ]);
  }

  async findActive(id: string, idleMs: number): Promise<SessionRecord | undefined> {
    const { rows } = await pgPoolOf(this.dataSource).query<SessionRow>(SQL.findActive, [
      escapeNul(id),
      idleMs,
    ]);
    const row = rows[0];
    return row === undefined ? undefined : toRecord(row);
  }

  async setLogLevel(id: string, level: McpLogLevel): Promise<void> {
    await pgPoolOf(this.dataSource).query(SQL.setLogLevel, [escapeNul(id), level]);
  }

  async touch(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await pgPoolOf(this.dataSource).query(SQL.touch, [ids]);
  }

  async end(id: string): Promise<boolean> {
    const result = await pgPoolOf(this.dataSource).query(SQL.end, [escapeNul(id)]);
    return (result.rowCount ?? 0) > 0;
  }

  async countActive(subject: string, idleMs: number): Promise<number> {
    const { rows } = await pgPoolOf(this.dataSource).query<{ n: number }>(SQL.countActive, [
      escapeNul(subject),
      idleMs,
    ]);
    return rows[0]?.n ?? 0;
  }
}

function toRecord(row: SessionRow): SessionRecord {
  return {
    id: row.id,
    subject: row.subject,
    clientId: row.client_id ?? undefined,
    transport: row.transport,
    protocolVersion: row.protocol_version,
    clientInfo: row.client_info ?? undefined,
    clientCapabilities: row.client_capabilities,
    logLevel: row.log_level ?? undefined,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
  };
}

import type { JsonObject } from '../protocol/json-rpc/json-rpc.types.js';
import type { ClientInfo, McpLogLevel } from '../protocol/context/mcp-session.js';
import type { TransportKind } from '../protocol/context/request-context.js';
import type { LegacyProtocolVersion } from '../protocol/protocol-version.js';

/** The durable part of a legacy-era session (`sessions` table). */
export interface SessionRecord {
  readonly id: string;
  readonly subject: string;
  readonly clientId: string | undefined;
  readonly transport: TransportKind;
  readonly protocolVersion: LegacyProtocolVersion;
  readonly clientInfo: ClientInfo | undefined;
  readonly clientCapabilities: JsonObject;
  readonly logLevel: McpLogLevel | undefined;
  readonly createdAt: Date;
  readonly lastSeenAt: Date;
}

/** At most `maxActive` sessions per subject, counting those seen within `idleMs`. */
export interface ActiveSessionCap {
  readonly maxActive: number;
  readonly idleMs: number;
}

/**
 * Sessions live in Postgres so any instance can serve any session; memory is only a cache.
 * Abstract class so it doubles as the DI token.
 */
export abstract class SessionRepository {
  /**
   * Stores `record` unless its subject already holds `cap.maxActive` active sessions; `false`
   * then, with nothing stored.
   */
  abstract insertBelowCap(record: SessionRecord, cap: ActiveSessionCap): Promise<boolean>;
  /** An active (not ended, not idle past `idleMs`) session, or `undefined`. */
  abstract findActive(id: string, idleMs: number): Promise<SessionRecord | undefined>;
  abstract setLogLevel(id: string, level: McpLogLevel): Promise<void>;
  /** Batched `last_seen_at` refresh; callers coalesce ids. */
  abstract touch(ids: readonly string[]): Promise<void>;
  /** Marks the session ended; `false` if it was unknown or already ended. */
  abstract end(id: string): Promise<boolean>;
}

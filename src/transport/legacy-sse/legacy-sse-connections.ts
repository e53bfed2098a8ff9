import type { ServerResponse } from 'node:http';

import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';

import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.constants.js';
import type { Principal } from '../../protocol/context/principal.js';
import { JsonRpcErrorCode } from '../../protocol/json-rpc/json-rpc-error-codes.js';
import { McpError } from '../../protocol/json-rpc/mcp-error.js';
import { McpSessionService } from '../../sessions/mcp-session.service.js';
import { SseHeartbeat } from '../http/sse-heartbeat.js';
import { LegacySseConnection } from './legacy-sse-connection.js';

/**
 * The open `/sse` streams of this instance. The stream is the session's only channel back to the
 * client, so a legacy SSE session lives on the instance holding its stream (a load balancer
 * must keep `/messages` on it); closing the stream ends the session. A connection answers only
 * to the subject that opened it: another subject's POST is told the session does not exist.
 */
@Injectable()
export class LegacySseConnections implements OnModuleDestroy {
  private readonly logger = new Logger(LegacySseConnections.name);
  private readonly connections = new Map<string, LegacySseConnection>();
  private readonly perSubject = new Map<string, number>();
  private readonly maxPerSubject: number;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly sessions: McpSessionService,
    private readonly heartbeat: SseHeartbeat,
  ) {
    this.maxPerSubject = config.limits.maxSessionsPerPrincipal;
  }

  /**
   * @throws McpError RateLimited (429) when the subject already holds `MCP_MAX_SESSIONS_PER_PRINCIPAL`
   *   streams (each will become a session).
   */
  open(principal: Principal, res: ServerResponse): LegacySseConnection {
    const held = this.perSubject.get(principal.subject) ?? 0;
    if (held >= this.maxPerSubject) {
      throw new McpError(
        JsonRpcErrorCode.RateLimited,
        'Too many active sessions',
        { maxSessions: this.maxPerSubject },
        429,
      );
    }
    const connection = new LegacySseConnection(principal, res, this.sessions, (closed) =>
      this.forget(closed),
    );
    this.connections.set(connection.id, connection);
    this.perSubject.set(principal.subject, held + 1);
    this.heartbeat.add(connection);
    connection.start();
    return connection;
  }

  /** The open connection `id` of `principal`; `undefined` for unknown, closed and foreign ids. */
  find(id: string | null, principal: Principal): LegacySseConnection | undefined {
    const connection = id === null ? undefined : this.connections.get(id);
    if (connection?.principal.subject !== principal.subject || !connection.isOpen) return undefined;
    return connection;
  }

  closeAll(): void {
    for (const connection of [...this.connections.values()]) connection.end();
  }

  get size(): number {
    return this.connections.size;
  }

  onModuleDestroy(): void {
    this.closeAll();
  }

  /** The stream closed (either side): its session ends with it (2024-11-05 has no other way). */
  private forget(connection: LegacySseConnection): void {
    if (this.connections.get(connection.id) !== connection) return;
    this.connections.delete(connection.id);
    this.heartbeat.delete(connection);
    const { subject } = connection.principal;
    const held = (this.perSubject.get(subject) ?? 1) - 1;
    if (held === 0) this.perSubject.delete(subject);
    else this.perSubject.set(subject, held);
    const { session } = connection;
    if (session === undefined) return;
    this.sessions.end(session.id, connection.principal).catch((error: unknown) => {
      this.logger.warn(`ending SSE session ${session.id} failed: ${String(error)}`);
    });
  }
}

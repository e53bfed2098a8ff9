import type { IncomingMessage } from 'node:http';

import { Injectable } from '@nestjs/common';

import type { McpSession } from '../../protocol/context/mcp-session.js';
import type { Principal } from '../../protocol/context/principal.js';
import { McpSessionService } from '../../sessions/mcp-session.service.js';
import {
  LEGACY_PROTOCOL_VERSIONS,
  isLegacyProtocolVersion,
} from '../../protocol/protocol-version.js';
import { HttpRejection } from '../http/http-rejections.js';

/**
 * The HTTP face of {@link McpSessionService}: finds the session a request names (transports
 * §Session Management): no `Mcp-Session-Id` → 400; an id that is unknown, ended, expired or
 * another subject's → 404 alike, so a client learns nothing about other principals' sessions and
 * re-initializes.
 */
@Injectable()
export class SessionResolver {
  constructor(private readonly sessions: McpSessionService) {}

  /** @throws HttpRejection 400 `sessionRequired`, 404 `sessionNotFound` */
  async resolve(req: IncomingMessage, principal: Principal): Promise<McpSession> {
    const id = sessionIdOf(req);
    if (id === undefined) throw new HttpRejection('sessionRequired');
    const session = await this.sessions.get(id, principal);
    if (session === undefined) throw new HttpRejection('sessionNotFound');
    return session;
  }

  /**
   * `MCP-Protocol-Version` (transports §Protocol Version Header, 2025-06-18+): absent → the
   * session's revision applies; a revision we do not speak → 400. A different revision we do
   * speak is accepted and the session's revision still governs the exchange (conformance 0.1.16
   * sends 2025-03-26 inside a 2025-11-25 session).
   *
   * @throws HttpRejection 400 `unsupportedProtocolVersion`
   */
  assertProtocolVersionHeader(req: IncomingMessage): void {
    const requested = req.headers['mcp-protocol-version'];
    if (requested === undefined || isLegacyProtocolVersion(requested)) return;
    throw new HttpRejection('unsupportedProtocolVersion', {
      supported: LEGACY_PROTOCOL_VERSIONS,
      requested,
    });
  }
}

export function sessionIdOf(req: IncomingMessage): string | undefined {
  const value = req.headers['mcp-session-id'];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

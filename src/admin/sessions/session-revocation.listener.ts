import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';

import { ChangeBus } from '../../events/change-bus.js';
import { McpSessionService } from '../../mcp/session/mcp-session.service.js';
import { SESSION_REVOKED_CHANNEL } from './session-admin.service.js';

/**
 * Makes an admin revocation effective on this instance: the cached session is dropped, so the
 * next request looks it up in the database, finds it ended and gets the unknown-session answer.
 */
@Injectable()
export class SessionRevocationListener implements OnModuleInit, OnModuleDestroy {
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly bus: ChangeBus,
    private readonly sessions: McpSessionService,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.bus.subscribe((event) => {
      const { id } = event.payload;
      if (event.channel === SESSION_REVOKED_CHANNEL && typeof id === 'string') {
        this.sessions.evict(id);
      }
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }
}

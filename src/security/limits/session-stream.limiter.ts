import { Inject, Injectable } from '@nestjs/common';

import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.constants.js';
import type { McpSession } from '../../protocol/context/mcp-session.js';
import { JsonRpcErrorCode } from '../../protocol/json-rpc/json-rpc-error-codes.js';
import { McpError } from '../../protocol/json-rpc/mcp-error.js';

/**
 * Bounds the requests a session has in flight on this instance (`MCP_MAX_STREAMS_PER_SESSION`):
 * each may turn into an SSE response stream held open for as long as its tool runs, so one
 * session could otherwise pin an unbounded number of sockets, timers and handlers
 * (docs/security.md "Limits"). Counted per session id; nothing is kept for idle sessions.
 */
@Injectable()
export class SessionStreamLimiter {
  private readonly open = new Map<string, number>();
  private readonly max: number;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.max = config.limits.maxStreamsPerSession;
  }

  /**
   * Takes one slot; pair every successful call with {@link release}.
   *
   * @throws McpError -32004 (HTTP 429, `data.maxStreams`) when the session is at its cap.
   */
  acquire(session: McpSession): void {
    const count = this.open.get(session.id) ?? 0;
    if (count >= this.max) {
      throw new McpError(
        JsonRpcErrorCode.RateLimited,
        'Too many concurrent requests in this session',
        { maxStreams: this.max },
        429,
      );
    }
    this.open.set(session.id, count + 1);
  }

  release(session: McpSession): void {
    const count = this.open.get(session.id);
    if (count === undefined) return;
    if (count <= 1) this.open.delete(session.id);
    else this.open.set(session.id, count - 1);
  }

  /** Requests in flight in `session` (for tests and metrics). */
  inFlight(session: McpSession): number {
    return this.open.get(session.id) ?? 0;
  }
}

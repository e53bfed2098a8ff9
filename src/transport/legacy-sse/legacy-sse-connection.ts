import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';

import type { McpSession } from '../../protocol/context/mcp-session.js';
import type { Principal } from '../../protocol/context/principal.js';
import type { McpSessionService } from '../../sessions/mcp-session.service.js';
import type { HeartbeatTarget } from '../http/sse-heartbeat.js';
import { SseStream } from '../http/sse-stream.js';

/** Where the client posts its messages (2024-11-05 transports §HTTP with SSE): relative URL. */
export const LEGACY_MESSAGES_PATH = '/messages';

/**
 * One `GET /sse` stream of the 2024-11-05 HTTP+SSE transport. Every server→client message of
 * its session travels here (responses included). The id is minted before `initialize`, since the
 * `endpoint` event must name it first; the MCP session is opened by the posted `initialize`.
 */
export class LegacySseConnection extends SseStream implements HeartbeatTarget {
  readonly id = randomUUID();
  /** Set by the posted `initialize`; the stream carries nothing of a session before that. */
  session: McpSession | undefined;
  /** `initialize` is being served: a second one must not open a second session. */
  initializing = false;

  constructor(
    readonly principal: Principal,
    res: ServerResponse,
    private readonly sessions: McpSessionService,
    onClosed: (connection: LegacySseConnection) => void,
  ) {
    super(res);
    res.once('close', () => onClosed(this));
  }

  /** Opens the stream and sends the `endpoint` event the spec requires first. */
  start(): void {
    this.open({ Connection: 'keep-alive' });
    this.event('endpoint', `${LEGACY_MESSAGES_PATH}?sessionId=${this.id}`);
  }

  /** Keeps proxies from closing the stream; an open stream is session activity, like a GET stream. */
  heartbeat(): void {
    if (!this.comment('keep-alive') || this.session === undefined) return;
    const { session } = this;
    this.sessions.get(session.id, this.principal).then(
      (current) => {
        if (current !== session) this.end();
      },
      () => this.end(),
    );
  }
}

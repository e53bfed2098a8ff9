import type { ServerResponse } from 'node:http';

import type { McpSession } from '../../mcp/context/mcp-session.js';
import { NULL_SINK } from '../../mcp/context/message-sink.js';
import type { Principal } from '../../mcp/context/principal.js';
import type { McpSessionService } from '../../mcp/session/mcp-session.service.js';
import { HttpRejection } from '../http/http-rejections.js';
import type { HeartbeatTarget, SseHeartbeat } from '../http/sse-heartbeat.js';
import { SseStream } from '../http/sse-stream.js';

/**
 * The GET streams of this instance (transports §Listening for Messages from the Server): at most
 * one per session, installed as the session's `standaloneSink` for messages unrelated to a request.
 * Each heartbeat also re-reads the session: an open stream counts as activity (it keeps the
 * session from idling out), and a session ended or replaced meanwhile ends its stream.
 */
export class StandaloneStreams {
  private readonly streams = new Map<string, StandaloneStream>();

  constructor(
    private readonly sessions: McpSessionService,
    private readonly heartbeat: SseHeartbeat,
  ) {}

  /** @throws HttpRejection 409 when the session already has an open stream. */
  open(session: McpSession, principal: Principal, res: ServerResponse): void {
    if (this.streams.get(session.id)?.isOpen === true) throw new HttpRejection('streamConflict');
    const stream = new StandaloneStream(session, principal, res, this.sessions, (ended) =>
      this.forget(ended),
    );
    this.streams.set(session.id, stream);
    this.heartbeat.add(stream);
    session.standaloneSink = stream;
    stream.open();
  }

  /** Ends the stream of a session that ended (DELETE). */
  close(sessionId: string): void {
    this.streams.get(sessionId)?.end();
  }

  closeAll(): void {
    for (const stream of [...this.streams.values()]) stream.end();
  }

  get size(): number {
    return this.streams.size;
  }

  private forget(stream: StandaloneStream): void {
    this.heartbeat.delete(stream);
    if (this.streams.get(stream.session.id) === stream) this.streams.delete(stream.session.id);
    if (stream.session.standaloneSink === stream) stream.session.standaloneSink = NULL_SINK;
  }
}

class StandaloneStream extends SseStream implements HeartbeatTarget {
  constructor(
    readonly session: McpSession,
    private readonly principal: Principal,
    res: ServerResponse,
    private readonly sessions: McpSessionService,
    onEnded: (stream: StandaloneStream) => void,
  ) {
    super(res);
    res.once('close', () => onEnded(this));
  }

  heartbeat(): void {
    if (!this.comment('keep-alive')) return;
    this.sessions.get(this.session.id, this.principal).then(
      (current) => {
        if (current !== this.session) this.end();
      },
      () => this.end(),
    );
  }
}

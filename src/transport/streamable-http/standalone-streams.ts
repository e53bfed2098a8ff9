import type { ServerResponse } from 'node:http';

import type { McpSession } from '../../protocol/context/mcp-session.js';
import { NULL_SINK } from '../../protocol/context/message-sink.js';
import type { Principal } from '../../protocol/context/principal.js';
import { isAtLeast } from '../../protocol/protocol-version.js';
import type { McpSessionService } from '../../sessions/mcp-session.service.js';
import type { SessionStreamLimiter } from '../../security/limits/session-stream.limiter.js';
import { RemoteStreamFollower } from '../../sessions/streams/remote-stream-follower.js';
import { ResumableStream } from '../../sessions/streams/resumable-stream.js';
import type { ResumableStreams } from '../../sessions/streams/resumable-streams.js';
import { HttpRejection } from '../http/http-rejections.js';
import type { HeartbeatTarget, SseHeartbeat } from '../http/sse-heartbeat.js';
import { SseStream } from '../http/sse-stream.js';

/**
 * The GET streams of this instance (transports §Listening for Messages from the Server): at most
 * one open per session. The session's `standaloneSink` is a {@link ResumableStream} that outlives
 * the GET carrying it: when the GET closes, messages unrelated to a request keep being recorded
 * until the client resumes with `Last-Event-ID` (here or elsewhere) or opens a fresh stream.
 * Each heartbeat also re-reads the session: an open stream counts as activity (it keeps the
 * session from idling out), and a session ended or replaced meanwhile ends its stream.
 */
export class StandaloneStreams {
  private readonly streams = new Map<string, StandaloneStream>();
  /** Every open connection: the GET streams and the resumptions. */
  private readonly connections = new Set<StandaloneStream>();

  constructor(
    private readonly sessions: McpSessionService,
    private readonly heartbeat: SseHeartbeat,
    private readonly resumable: ResumableStreams,
    private readonly limiter: SessionStreamLimiter,
  ) {}

  /** @throws HttpRejection 409 when the session already has an open stream. */
  open(session: McpSession, principal: Principal, res: ServerResponse): void {
    if (this.streams.get(session.id)?.isOpen === true) throw new HttpRejection('streamConflict');
    const stream = this.connect(session, principal, res);
    this.streams.set(session.id, stream);
    endResumable(session);
    const logical = this.resumable.create(session.id);
    logical.open(stream, isAtLeast(session.protocolVersion, '2025-11-25'));
    session.standaloneSink = logical;
  }

  /**
   * GET with `Last-Event-ID` (transports §Resumability and Redelivery): resumes the stream the id
   * names — a POST's or the GET stream — if it is this session's. A stream held by another
   * instance is followed from the database, which holds this instance's resources for as long
   * as that stream runs: such a resumption counts against the session's stream cap here, as the
   * request it continues does on its own instance.
   *
   * @throws HttpRejection 404 for an id of another session, one we did not mint, or an expired
   *   one; McpError 429 (`data.maxStreams`) when a followed stream would exceed the cap
   */
  async resume(
    session: McpSession,
    principal: Principal,
    lastEventId: string,
    res: ServerResponse,
  ): Promise<void> {
    let connection: StandaloneStream | undefined;
    const resumed = await this.resumable.resume(session.id, lastEventId, (remote) => {
      if (remote) this.limiter.acquire(session);
      connection = this.connect(session, principal, res);
      connection.holdsSlot = remote;
      return connection;
    });
    if (resumed === undefined || connection === undefined) {
      throw new HttpRejection('sessionNotFound');
    }
    if (resumed === session.standaloneSink) this.streams.set(session.id, connection);
    connection.resumed = resumed;
  }

  /** Ends the stream of a session that ended (DELETE). */
  close(session: McpSession): void {
    this.streams.get(session.id)?.end();
    endResumable(session);
    session.standaloneSink = NULL_SINK;
  }

  /** Ends the connections; the recorded streams stay resumable on another instance. */
  closeAll(): void {
    for (const stream of [...this.connections]) stream.end();
  }

  get size(): number {
    return this.streams.size;
  }

  private connect(
    session: McpSession,
    principal: Principal,
    res: ServerResponse,
  ): StandaloneStream {
    const stream = new StandaloneStream(session, principal, res, this.sessions, (ended) =>
      this.forget(ended),
    );
    this.heartbeat.add(stream);
    this.connections.add(stream);
    stream.open();
    return stream;
  }

  private forget(stream: StandaloneStream): void {
    this.heartbeat.delete(stream);
    this.connections.delete(stream);
    if (this.streams.get(stream.session.id) === stream) this.streams.delete(stream.session.id);
    const { standaloneSink } = stream.session;
    if (standaloneSink instanceof ResumableStream) standaloneSink.detach(stream);
    if (stream.resumed instanceof RemoteStreamFollower) stream.resumed.stop();
    else stream.resumed?.detach(stream);
    if (stream.holdsSlot) this.limiter.release(stream.session);
  }
}

function endResumable(session: McpSession): void {
  if (session.standaloneSink instanceof ResumableStream) session.standaloneSink.end();
}

class StandaloneStream extends SseStream implements HeartbeatTarget {
  /** The stream this GET resumed: held by this instance, or followed from another's. */
  resumed: ResumableStream | RemoteStreamFollower | undefined;
  /** It took a slot of the session's stream cap (released when it closes). */
  holdsSlot = false;

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

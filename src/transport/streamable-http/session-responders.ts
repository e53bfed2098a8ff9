import type { ServerResponse } from 'node:http';

import { Injectable } from '@nestjs/common';

import type { McpSession } from '../../protocol/context/mcp-session.js';
import { isAtLeast } from '../../protocol/protocol-version.js';
import { ResumableStreams } from '../../sessions/streams/resumable-streams.js';
import { ErrorStatusMapper } from '../http/error-status.mapper.js';
import { SseHeartbeat } from '../http/sse-heartbeat.js';
import { PostResponder } from './post-responder.js';

/**
 * Builds the responder of a POST inside a session: when its SSE stream opens, the stream is
 * resumable, and on 2025-11-25 sessions it starts with the priming event (transports
 * §Resumability and Redelivery; SEP-1699).
 */
@Injectable()
export class SessionResponders {
  constructor(
    private readonly heartbeat: SseHeartbeat,
    private readonly errorStatus: ErrorStatusMapper,
    private readonly streams: ResumableStreams,
  ) {}

  create(res: ServerResponse, session: McpSession): PostResponder {
    return new PostResponder(res, this.heartbeat, this.errorStatus, (sse) => {
      const stream = this.streams.create(session.id);
      stream.open(sse, isAtLeast(session.protocolVersion, '2025-11-25'));
      // The client dropped the connection: the call goes on, recorded for its resumption.
      res.once('close', () => stream.detach(sse));
      return stream;
    });
  }
}

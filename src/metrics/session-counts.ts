import type { ModuleRef } from '@nestjs/core';

import { NULL_SINK } from '../protocol/context/message-sink.js';
import { McpSessionService } from '../sessions/mcp-session.service.js';

/** Live sessions and open server-to-client streams of this instance, by transport. */
export interface SessionCounts {
  readonly sessions: ReadonlyMap<string, number>;
  readonly streams: ReadonlyMap<string, number>;
}

/**
 * Counts at scrape time, from the sessions the core caches: the request path pays nothing and
 * the gauges can never drift from the truth the way inc/dec pairs do when a path forgets one.
 * A session has an open stream when its `standaloneSink` is a stream (GET on `/mcp`, the
 * legacy `/sse` connection, stdio) rather than the null sink. `undefined` when the MCP core is
 * not part of this application (e.g. a metrics-only test module).
 */
export function countSessions(moduleRef: ModuleRef): SessionCounts | undefined {
  let service: McpSessionService;
  try {
    service = moduleRef.get(McpSessionService, { strict: false });
  } catch {
    return undefined;
  }
  const sessions = new Map<string, number>();
  const streams = new Map<string, number>();
  for (const session of service.liveSessions()) {
    sessions.set(session.transport, (sessions.get(session.transport) ?? 0) + 1);
    if (session.standaloneSink !== NULL_SINK) {
      streams.set(session.transport, (streams.get(session.transport) ?? 0) + 1);
    }
  }
  return { sessions, streams };
}

import { randomUUID } from 'node:crypto';

import type { McpSession } from '../../protocol/context/mcp-session.js';
import type { MessageSink } from '../../protocol/context/message-sink.js';
import type { Principal } from '../../protocol/context/principal.js';
import type { RequestContext, TransportKind } from '../../protocol/context/request-context.js';

/**
 * The context of one message of a legacy-era session, built once per message: the revision,
 * client and log level are the session's (negotiated by `initialize`, changed by
 * `logging/setLevel`); `sink` carries the messages related to this one.
 */
export function sessionRequestContext(
  principal: Principal,
  transport: TransportKind,
  session: McpSession,
  sink: MessageSink,
): RequestContext {
  return {
    principal,
    transport,
    protocolVersion: session.protocolVersion,
    session,
    clientInfo: session.clientInfo,
    clientCapabilities: session.clientCapabilities,
    logLevel: session.logLevel,
    sink,
    signal: undefined,
    correlationId: randomUUID(),
  };
}

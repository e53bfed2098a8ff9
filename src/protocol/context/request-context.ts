import type { JsonObject } from '../json-rpc/json-rpc.types.js';
import type { ProtocolVersion } from '../protocol-version.js';
import type { MessageSink } from './message-sink.js';
import type { ClientInfo, McpLogLevel, McpSession } from './mcp-session.js';
import type { Principal } from './principal.js';

export type TransportKind = 'stdio' | 'streamable-http' | 'sse';

/**
 * Everything the dispatcher knows about one inbound message besides the message itself.
 * Built by a transport; the protocol core never sees HTTP or stdio.
 */
export interface RequestContext {
  readonly principal: Principal;
  readonly transport: TransportKind;
  /** Negotiated (legacy session) or per-request (`_meta`, 2026-07-28) revision. */
  readonly protocolVersion: ProtocolVersion;
  /** The legacy session; `undefined` for stateless 2026-07-28 requests. */
  readonly session: McpSession | undefined;
  readonly clientInfo: ClientInfo | undefined;
  readonly clientCapabilities: JsonObject;
  /** 2026-07-28: `_meta` logLevel of this request; legacy: the session's level. */
  readonly logLevel: McpLogLevel | undefined;
  /** Messages related to this request: progress, logs, server→client requests. */
  readonly sink: MessageSink;
  /** Aborted when the transport learns the request is gone (2026-07-28: response stream closed). */
  readonly signal: AbortSignal | undefined;
  /** Id used in logs, metrics and `data.correlationId` of internal errors. */
  readonly correlationId: string;
}

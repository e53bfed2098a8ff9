import type { JsonObject } from '../json-rpc/json-rpc.types.js';
import type { LegacyProtocolVersion } from '../protocol-version.js';
import type { MessageSink } from './message-sink.js';
import type { Principal } from './principal.js';

/** `Implementation` of the MCP schema (clientInfo / serverInfo). */
export interface ClientInfo {
  readonly name: string;
  readonly version: string;
  readonly title?: string;
}

/** RFC 5424 levels used by `logging/setLevel` and `notifications/message`. */
export const LOG_LEVELS = [
  'debug',
  'info',
  'notice',
  'warning',
  'error',
  'critical',
  'alert',
  'emergency',
] as const;
export type McpLogLevel = (typeof LOG_LEVELS)[number];

export function isLogLevel(value: unknown): value is McpLogLevel {
  return (LOG_LEVELS as readonly unknown[]).includes(value);
}

/**
 * Live state of one legacy-era (2024-11-05 … 2025-11-25) session on this instance. The durable
 * part lives in the `sessions` table; this object is the cache plus what cannot be persisted
 * (open streams, pending server→client requests).
 */
export interface McpSession {
  readonly id: string;
  /** Subject of the principal that opened it: a request with another subject gets 404. */
  readonly subject: string;
  readonly transport: 'stdio' | 'streamable-http' | 'sse';
  readonly protocolVersion: LegacyProtocolVersion;
  readonly clientInfo: ClientInfo | undefined;
  readonly clientCapabilities: JsonObject;
  /** `undefined` until the client calls `logging/setLevel`: then messages at or above it flow. */
  logLevel: McpLogLevel | undefined;
  /** `notifications/initialized` received. */
  initialized: boolean;
  /** Stream for messages unrelated to a request (GET stream, legacy `/sse`, stdout). */
  standaloneSink: MessageSink;
  /**
   * URIs the client subscribed to with `resources/subscribe`, each with the principal that
   * subscribed, whose access is checked again for every `resources/updated`.
   */
  readonly resourceSubscriptions: Map<string, Principal>;
  /**
   * What ends each subscription that was forwarded to the server behind the URI (a federated
   * resource, docs/federation.md "Resources and prompts"): run on `resources/unsubscribe` and when
   * the session ends on this instance. Never rejects.
   */
  readonly forwardedSubscriptions: Map<string, () => Promise<void>>;
}

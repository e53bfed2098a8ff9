import type { JsonObject, JsonRpcId } from '../json-rpc/json-rpc.types.js';
import type { ProtocolVersion } from '../protocol-version.js';
import type { ClientInfo, McpLogLevel } from './mcp-session.js';
import type { Principal } from './principal.js';

/** Logger a handler uses: goes to the server log and, when the client asked for it, to the client. */
export interface McpRequestLogger {
  log(level: McpLogLevel, data: unknown, logger?: string): void;
  debug(data: unknown): void;
  info(data: unknown): void;
  warning(data: unknown): void;
  error(data: unknown): void;
}

/**
 * What every tool, resource, prompt and completion handler receives as its context argument.
 * It is the same object in both eras; what differs (a session, a GET stream) is hidden here.
 */
export interface McpHandlerContext {
  readonly principal: Principal;
  readonly session: { readonly id: string } | undefined;
  readonly client: { readonly info: ClientInfo | undefined; readonly capabilities: JsonObject };
  readonly protocolVersion: ProtocolVersion;
  readonly requestId: JsonRpcId;
  readonly correlationId: string;
  /** Aborted on `notifications/cancelled`, timeout, or (2026-07-28) a closed response stream. */
  readonly signal: AbortSignal;
  /** Sends `notifications/progress` when the request carried a `progressToken`; otherwise a no-op. */
  reportProgress(progress: number, total?: number, message?: string): void;
  readonly log: McpRequestLogger;
  /**
   * Asks the client for input (`elicitation/create`, `sampling/createMessage`, `roots/list`).
   * Legacy era: a server→client request on the session. 2026-07-28: a multi-round-trip
   * `input_required` result (the handler is re-run with the answer). `key` names the question
   * and must be stable across re-runs.
   */
  requestInput(key: string, method: ClientInputMethod, params: JsonObject): Promise<JsonObject>;
  /**
   * Lets a long call free its HTTP connection (SEP-1699 polling, 2025-11-25): the response stream
   * closes now and the client resumes it with GET + `Last-Event-ID`, the result included. A no-op
   * where the transport cannot resume (stdio, legacy SSE, 2026-07-28, JSON responses elsewhere).
   */
  closeResponseStream(): void;
}

export type ClientInputMethod = 'elicitation/create' | 'sampling/createMessage' | 'roots/list';

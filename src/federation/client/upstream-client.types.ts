import type { JsonObject } from '../../protocol/json-rpc/json-rpc.types.js';

/** How we reach an upstream MCP server (the `transport` field of `POST /admin/api/upstreams`). */
export type UpstreamTransportKind = 'streamable-http' | 'sse' | 'stdio';

/**
 * The credential this server presents upstream. The caller's own token is never sent: at most it
 * is the `subject_token` of an RFC 8693 exchange, whose result is what the upstream sees.
 */
export type UpstreamAuth =
  | { readonly type: 'none' }
  | { readonly type: 'header'; readonly name: string; readonly value: string }
  | {
      /** OAuth 2.1 client credentials grant (RFC 6749 §4.4), tokens cached until shortly before expiry. */
      readonly type: 'client-credentials';
      readonly tokenUrl: string;
      readonly clientId: string;
      readonly clientSecret: string;
      readonly scope?: string;
      /** RFC 8707 resource indicator; defaults to the upstream URL. */
      readonly resource?: string;
    }
  | {
      /** RFC 8693 token exchange on behalf of the calling user; per caller, cached by subject. */
      readonly type: 'token-exchange';
      readonly tokenUrl: string;
      readonly clientId: string;
      readonly clientSecret: string;
      readonly audience?: string;
      readonly scope?: string;
      readonly resource?: string;
    };

/** Everything needed to connect to one upstream, secrets already decrypted. */
export interface UpstreamEndpoint {
  readonly name: string;
  readonly transport: UpstreamTransportKind;
  /** For `streamable-http` and `sse`. */
  readonly url?: string;
  /** For `stdio`: the program and its arguments (no shell). */
  readonly command?: string;
  readonly args?: readonly string[];
  /** Static extra request headers (HTTP transports only). */
  readonly headers?: Readonly<Record<string, string>>;
  readonly auth: UpstreamAuth;
  /** Bound on one request to the upstream, connection included. */
  readonly requestTimeoutMs: number;
}

/** What an upstream serves, as its `*\/list` results give it (every page, unmodified objects). */
export interface UpstreamCatalogue {
  readonly tools: readonly JsonObject[];
  readonly resources: readonly JsonObject[];
  readonly resourceTemplates: readonly JsonObject[];
  readonly prompts: readonly JsonObject[];
  /** The upstream's negotiated protocol revision and `serverInfo`, for the admin API. */
  readonly protocolVersion: string;
  readonly serverInfo: JsonObject;
  /** The upstream advertises `resources.subscribe`: our clients' subscriptions can be forwarded. */
  readonly resourceSubscriptions: boolean;
}

/** Per-request options; `signal` aborting sends `notifications/cancelled` upstream. */
export interface UpstreamRequestOptions {
  readonly signal: AbortSignal;
  /** Raw bearer token of the caller, only for `token-exchange` auth; never forwarded as is. */
  readonly subjectToken?: string;
  /** Relayed `notifications/progress` params of this request (progressToken rewritten by the caller). */
  readonly onProgress?: (params: JsonObject) => void;
  /**
   * `notifications/message` params the upstream sent on this request's own stream (Streamable
   * HTTP only: other transports do not tell which request a message belongs to).
   */
  readonly onLog?: (params: JsonObject) => void;
  /** Extra `_meta` for the request (trace context, see docs/tracing.md). */
  readonly meta?: JsonObject;
  /** Only read-only or idempotent calls may be retried after a transport failure. */
  readonly retryable: boolean;
}

export type UpstreamState = 'connecting' | 'up' | 'down' | 'circuit-open';

export interface UpstreamHealth {
  readonly state: UpstreamState;
  readonly since: Date;
  readonly lastError?: string;
}

/** A notification the upstream sent outside any request of ours (list_changed, resources/updated, logging). */
export interface UpstreamNotification {
  readonly method: string;
  readonly params?: JsonObject;
}

/** The upstream's tool, resource or prompt is unreachable right now (down, circuit open, timed out). */
export class UpstreamUnavailableError extends Error {
  constructor(
    readonly upstream: string,
    readonly reason: string,
  ) {
    super(`upstream "${upstream}" is unavailable: ${reason}`);
    this.name = 'UpstreamUnavailableError';
  }
}

/**
 * One long-lived connection to an upstream MCP server, reused across calls, reconnecting on its own.
 * Failures surface as `UpstreamUnavailableError` (transport, timeout, open circuit) or as the
 * upstream's own JSON-RPC error (an `McpError` with its code and message).
 */
export interface UpstreamClient {
  readonly name: string;
  health(): UpstreamHealth;
  catalogue(options: UpstreamRequestOptions): Promise<UpstreamCatalogue>;
  callTool(name: string, args: JsonObject, options: UpstreamRequestOptions): Promise<JsonObject>;
  readResource(uri: string, options: UpstreamRequestOptions): Promise<JsonObject>;
  getPrompt(
    name: string,
    args: Readonly<Record<string, string>>,
    options: UpstreamRequestOptions,
  ): Promise<JsonObject>;
  subscribeResource(uri: string, options: UpstreamRequestOptions): Promise<void>;
  unsubscribeResource(uri: string, options: UpstreamRequestOptions): Promise<void>;
  /** Returns the function that removes the listener. */
  onNotification(listener: (notification: UpstreamNotification) => void): () => void;
  /** Called on every health state change (for metrics, readiness details and re-sync after reconnect). */
  onHealthChange(listener: (health: UpstreamHealth) => void): () => void;
  close(): Promise<void>;
}

export type UpstreamClientFactory = (endpoint: UpstreamEndpoint) => UpstreamClient;

import { JsonRpcErrorCode } from '../../protocol/json-rpc/json-rpc-error-codes.js';

/** One row of the rejection table: what the MCP HTTP endpoints answer, and when. */
export interface HttpRejectionSpec {
  readonly status: number;
  readonly code: number;
  /** Exact `error.message`; `undefined` when the message is the one of the error being mapped. */
  readonly message: string | undefined;
  /** Names of the `error.data` fields. */
  readonly data?: readonly string[];
  /** Response headers the row adds besides `Content-Type`. */
  readonly headers?: readonly string[];
  readonly when: string;
}

/**
 * Every HTTP-level rejection of the MCP endpoints, each with a JSON-RPC error body: the request's
 * `id` when the rejection came after its body was read, no `id` otherwise. This table is the
 * single source: the listener answers from it, `docs/http-errors.md` is generated from it and the
 * e2e suite asserts each row. Codes follow the SDK conventions of spec §Transports: -32000
 * transport errors, -32001 unknown session, -32700/-32600 framing.
 */
export const HTTP_REJECTIONS = {
  duplicateHeader: {
    status: 400,
    code: JsonRpcErrorCode.TransportError,
    message: 'Bad Request: duplicate header',
    data: ['header'],
    when: 'A second `Authorization`, `Host`, `Content-Length`, `Mcp-Session-Id`, `MCP-Protocol-Version` or `Last-Event-ID` header (`data.header`, in lower case), checked before anything reads one; the admin API and the other Express routes answer 400 too. Node itself answers a second `Content-Length` with `malformedHttp`',
  },
  originForbidden: {
    status: 403,
    code: JsonRpcErrorCode.TransportError,
    message: 'Forbidden: Origin not allowed',
    when: 'An `Origin` header is present (`null` included) and is neither in `MCP_ALLOWED_ORIGINS` nor the same origin as a loopback `Host` (transports §Security Warning: DNS rebinding)',
  },
  hostForbidden: {
    status: 403,
    code: JsonRpcErrorCode.TransportError,
    message: 'Forbidden: Host not allowed',
    when: 'The `Host` header (port ignored) is missing or not in `MCP_ALLOWED_HOSTS` + the defaults (HOST, localhost, 127.0.0.1, [::1], the host of `MCP_PUBLIC_URL`)',
  },
  unauthenticated: {
    status: 401,
    code: JsonRpcErrorCode.Unauthorized,
    message: 'Unauthorized',
    headers: [
      'WWW-Authenticate (Bearer, resource_metadata; for a bad token also error="invalid_token" and error_description saying why)',
    ],
    when: 'No bearer token, or a token that fails verification (RFC 6750 §3, RFC 9728 §5.1)',
  },
  insufficientScope: {
    status: 403,
    code: JsonRpcErrorCode.Unauthorized,
    message: undefined,
    data: ['requiredScopes'],
    headers: ['WWW-Authenticate (error="insufficient_scope", scope, resource_metadata)'],
    when: 'A visible tool needs a scope the token lacks (step-up authorization)',
  },
  methodNotAllowed: {
    status: 405,
    code: JsonRpcErrorCode.TransportError,
    message: 'Method not allowed',
    headers: ['Allow: GET, POST, DELETE, OPTIONS'],
    when: 'HTTP method other than GET, POST, DELETE or OPTIONS on `/mcp`',
  },
  notAcceptable: {
    status: 406,
    code: JsonRpcErrorCode.TransportError,
    message: 'Not Acceptable: Client must accept both application/json and text/event-stream',
    when: 'POST whose `Accept` excludes either type (a missing `Accept`, `*/*`, `application/*` and `text/*` are accepted)',
  },
  notAcceptableStream: {
    status: 406,
    code: JsonRpcErrorCode.TransportError,
    message: 'Not Acceptable: Client must accept text/event-stream',
    when: 'GET whose `Accept` excludes `text/event-stream`',
  },
  streamConflict: {
    status: 409,
    code: JsonRpcErrorCode.TransportError,
    message: 'Conflict: Only one SSE stream is allowed per session',
    when: 'GET while the session already has an open standalone stream',
  },
  payloadTooLarge: {
    status: 413,
    code: JsonRpcErrorCode.TransportError,
    message: 'Payload Too Large',
    data: ['maxBytes'],
    headers: ['Connection: close'],
    when: 'Body larger than `MCP_MAX_BODY_BYTES`, counted after decompression (gzip bombs stop at the limit)',
  },
  unsupportedMediaType: {
    status: 415,
    code: JsonRpcErrorCode.TransportError,
    message: 'Unsupported Media Type: Content-Type must be application/json',
    when: 'POST whose `Content-Type` is not `application/json` (or has a charset other than UTF-8)',
  },
  unsupportedEncoding: {
    status: 415,
    code: JsonRpcErrorCode.TransportError,
    message: 'Unsupported Media Type: Content-Encoding must be gzip, deflate, br or identity',
    when: 'POST with any other (or a stacked) `Content-Encoding`',
  },
  undecodableBody: {
    status: 400,
    code: JsonRpcErrorCode.ParseError,
    message: 'Parse error: body is not valid compressed UTF-8 text',
    when: 'Corrupt compressed body or invalid UTF-8',
  },
  parseError: {
    status: 400,
    code: JsonRpcErrorCode.ParseError,
    message: 'Parse error: invalid JSON',
    when: 'The body is not JSON',
  },
  invalidRequest: {
    status: 400,
    code: JsonRpcErrorCode.InvalidRequest,
    message: undefined,
    data: ['maxDepth', 'maxKeys'],
    when: 'Not a JSON-RPC 2.0 message (shape, id type, empty batch), nesting deeper than `MCP_MAX_JSON_DEPTH` (`data.maxDepth`), more keys than `MCP_MAX_JSON_KEYS` (`data.maxKeys`), a `__proto__` key, a batch outside 2025-03-26, `initialize` in a batch',
  },
  initializeWithSession: {
    status: 400,
    code: JsonRpcErrorCode.InvalidRequest,
    message: 'Invalid Request: initialize must be sent without Mcp-Session-Id',
    when: '`initialize` carrying an `Mcp-Session-Id` header (a client re-initializes without it, spec §Session Management)',
  },
  sessionRequired: {
    status: 400,
    code: JsonRpcErrorCode.TransportError,
    message: 'Bad Request: Mcp-Session-Id header is required',
    when: 'POST (other than `initialize`), GET or DELETE without `Mcp-Session-Id`',
  },
  modernMethodNotAllowed: {
    status: 405,
    code: JsonRpcErrorCode.TransportError,
    message: 'Method not allowed: protocol 2026-07-28 is served by POST only',
    headers: ['Allow: POST, OPTIONS'],
    when: 'GET or DELETE with a 2026-07-28 `MCP-Protocol-Version` and no `Mcp-Session-Id` (transports 2026-07-28: no GET stream, no session to delete)',
  },
  modernInvalidParams: {
    status: 400,
    code: JsonRpcErrorCode.InvalidParams,
    message: undefined,
    when: 'A 2026-07-28 request whose `_meta` lacks `io.modelcontextprotocol/protocolVersion` or `…/clientCapabilities`, or has a malformed `…/clientInfo` or `…/logLevel` (the body carries the request `id`, as every 2026-07-28 row does)',
  },
  headerMismatch: {
    status: 400,
    code: JsonRpcErrorCode.HeaderMismatch,
    message: undefined,
    when: '2026-07-28: `MCP-Protocol-Version`, `Mcp-Method`, `Mcp-Name` or an `Mcp-Param-*` header (of a tool argument marked `x-mcp-header`) is missing, malformed or differs from the body',
  },
  modernUnsupportedVersion: {
    status: 400,
    code: JsonRpcErrorCode.UnsupportedProtocolVersion,
    message: undefined,
    data: ['supported', 'requested'],
    when: 'A stateless request (`_meta` names a protocol version) naming a revision other than 2026-07-28',
  },
  missingClientCapability: {
    status: 400,
    code: JsonRpcErrorCode.MissingRequiredClientCapability,
    message: undefined,
    data: ['requiredCapabilities'],
    when: '2026-07-28: serving the request needs a client capability (sampling, elicitation, roots) its `_meta` does not declare',
  },
  modernMethodNotFound: {
    status: 404,
    code: JsonRpcErrorCode.MethodNotFound,
    message: undefined,
    when: '2026-07-28: an unknown method, or one removed in 2026-07-28 (`initialize`, `ping`, `logging/setLevel`, `resources/subscribe`, `resources/unsubscribe`)',
  },
  unsupportedProtocolVersion: {
    status: 400,
    code: JsonRpcErrorCode.TransportError,
    message: 'Bad Request: Unsupported protocol version',
    data: ['supported', 'requested'],
    when: '`MCP-Protocol-Version` names a revision this server does not speak (a different supported revision is accepted)',
  },
  sessionNotFound: {
    status: 404,
    code: JsonRpcErrorCode.SessionNotFound,
    message: 'Session not found',
    when: 'Unknown, ended, expired or another principal’s `Mcp-Session-Id` (all answered alike)',
  },
  rateLimited: {
    status: 429,
    code: JsonRpcErrorCode.RateLimited,
    message: undefined,
    data: ['retryAfterSeconds', 'maxSessions', 'maxStreams'],
    headers: ['Retry-After (data.retryAfterSeconds, else 1)'],
    when: 'A rate limit (`data.retryAfterSeconds`; `MCP_RATE_LIMIT_*`), the per-principal session cap (`data.maxSessions`, `MCP_MAX_SESSIONS_PER_PRINCIPAL`) or the concurrent requests of a session on one instance, resumptions followed from another instance included (`data.maxStreams`, `MCP_MAX_STREAMS_PER_SESSION`), is exceeded',
  },
  unavailable: {
    status: 503,
    code: JsonRpcErrorCode.Unavailable,
    message: undefined,
    headers: ['Retry-After (data.retryAfterSeconds, else 1)'],
    when: "The audit log cannot record the call (fail closed: the tool did not run, or a read-only tool's result was withheld), the server is draining, or the token issuer's key set (`AUTH_JWKS_URI`) cannot be fetched (`Retry-After: 5`; the token may be valid, so it is not a 401)",
  },
  internalError: {
    status: 500,
    code: JsonRpcErrorCode.InternalError,
    message: 'Internal error',
    data: ['correlationId'],
    when: 'A fault of the server before a response was started; the same id is in the log',
  },
  requestTimeout: {
    status: 408,
    code: JsonRpcErrorCode.TransportError,
    message: 'Request Timeout',
    headers: ['Connection: close'],
    when: 'Headers not received within `MCP_HEADERS_TIMEOUT_MS` or the body within `MCP_REQUEST_TIMEOUT_MS`',
  },
  headersTooLarge: {
    status: 431,
    code: JsonRpcErrorCode.TransportError,
    message: 'Request Header Fields Too Large',
    headers: ['Connection: close'],
    when: 'Request headers larger than `MCP_MAX_HEADER_BYTES`',
  },
  malformedHttp: {
    status: 400,
    code: JsonRpcErrorCode.TransportError,
    message: 'Bad Request',
    headers: ['Connection: close'],
    when: 'The bytes are not a valid HTTP/1.1 request',
  },
} as const satisfies Record<string, HttpRejectionSpec>;

export type HttpRejectionKey = keyof typeof HTTP_REJECTIONS;

/** Keys whose row has a fixed message: those can be answered with a pre-serialized body. */
type FixedMessageKey = {
  [K in HttpRejectionKey]: (typeof HTTP_REJECTIONS)[K]['message'] extends string ? K : never;
}[HttpRejectionKey];

/**
 * A rejection raised by a guard or the body reader. Thrown (not returned) so the steps stay
 * linear; the listener catches it and answers from {@link HTTP_REJECTIONS}.
 */
export class HttpRejection extends Error {
  readonly spec: HttpRejectionSpec;

  constructor(
    readonly key: FixedMessageKey,
    readonly data?: Readonly<Record<string, unknown>>,
  ) {
    super(HTTP_REJECTIONS[key].message);
    this.name = 'HttpRejection';
    this.spec = HTTP_REJECTIONS[key];
  }
}

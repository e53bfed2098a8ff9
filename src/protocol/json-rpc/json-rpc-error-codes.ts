/**
 * Every JSON-RPC error code the server emits, in one place.
 * Standard codes: JSON-RPC 2.0 §5.1. MCP codes: schema `*Error` types per revision.
 */
export const JsonRpcErrorCode = {
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  InternalError: -32603,
  /** SDK convention for transport-level rejections (406, 415, 400 missing session). */
  TransportError: -32000,
  /** SDK convention for an unknown or ended session (HTTP 404). */
  SessionNotFound: -32001,
  /** Resource not found, revisions 2024-11-05 … 2025-11-25 (2026-07-28 uses -32602). */
  ResourceNotFound: -32002,
  /** Server is draining or a dependency (the audit database) is unavailable: HTTP 503. */
  Unavailable: -32003,
  /** Rate limit exceeded: HTTP 429. */
  RateLimited: -32004,
  /** Authentication or authorization failure carried in an HTTP 401/403 body. */
  Unauthorized: -32005,
  /** 2026-07-28: HTTP headers do not mirror the body. */
  HeaderMismatch: -32020,
  /** 2026-07-28: the request needs a client capability it did not declare. */
  MissingRequiredClientCapability: -32021,
  /** 2026-07-28: protocol version not supported. */
  UnsupportedProtocolVersion: -32022,
  /** 2025-11-25: URL-mode elicitation required. */
  UrlElicitationRequired: -32042,
} as const;

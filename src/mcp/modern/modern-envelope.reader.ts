import {
  LOG_LEVELS,
  type ClientInfo,
  type McpLogLevel,
} from '../../protocol/context/mcp-session.js';
import { JsonRpcErrorCode } from '../../protocol/json-rpc/json-rpc-error-codes.js';
import { isPlainObject } from '../../protocol/json-rpc/json-rpc-message.validator.js';
import type { JsonObject } from '../../protocol/json-rpc/json-rpc.types.js';
import { McpError } from '../../protocol/json-rpc/mcp-error.js';
import {
  META_CLIENT_CAPABILITIES,
  META_CLIENT_INFO,
  META_LOG_LEVEL,
  META_PROTOCOL_VERSION,
  MODERN_PROTOCOL_VERSION,
} from '../../protocol/protocol-version.js';

/** What a 2026-07-28 request says about its client in `params._meta` (basic §_meta). */
export interface ModernEnvelope {
  /** As sent; {@link assertSupportedVersion} narrows it once the headers were checked. */
  readonly protocolVersion: string;
  readonly clientCapabilities: JsonObject;
  readonly clientInfo: ClientInfo | undefined;
  readonly logLevel: McpLogLevel | undefined;
}

/** The revisions a stateless request may name; legacy ones negotiate through `initialize`. */
export const MODERN_SUPPORTED_VERSIONS: readonly string[] = Object.freeze([
  MODERN_PROTOCOL_VERSION,
]);

/**
 * Validates the per-request `_meta` envelope of 2026-07-28: required keys present and typed,
 * optional keys well-formed, else -32602. The version is checked apart, after the HTTP headers
 * (a body/header version disagreement is a header mismatch, not an unsupported version). Every
 * rejection is HTTP 400 (transports §Status codes, 2026-07-28).
 */
export function readModernEnvelope(params: JsonObject | undefined): ModernEnvelope {
  const meta = params?._meta;
  if (!isPlainObject(meta)) throw invalid('params._meta is required');
  const version = meta[META_PROTOCOL_VERSION];
  if (typeof version !== 'string') throw invalid(`_meta["${META_PROTOCOL_VERSION}"] is required`);
  const capabilities = meta[META_CLIENT_CAPABILITIES];
  if (!isPlainObject(capabilities)) {
    throw invalid(`_meta["${META_CLIENT_CAPABILITIES}"] is required and must be an object`);
  }
  return {
    protocolVersion: version,
    clientCapabilities: capabilities,
    clientInfo: readClientInfo(meta[META_CLIENT_INFO]),
    logLevel: readLogLevel(meta[META_LOG_LEVEL]),
  };
}

/** -32022 listing `supported` and echoing `requested`, so a client can fall back to one of them. */
export function assertSupportedVersion(
  envelope: ModernEnvelope,
): asserts envelope is ModernEnvelope & {
  readonly protocolVersion: typeof MODERN_PROTOCOL_VERSION;
} {
  if (envelope.protocolVersion === MODERN_PROTOCOL_VERSION) return;
  throw new McpError(
    JsonRpcErrorCode.UnsupportedProtocolVersion,
    `Unsupported protocol version: ${envelope.protocolVersion}`,
    { supported: MODERN_SUPPORTED_VERSIONS, requested: envelope.protocolVersion },
    400,
  );
}

/** clientInfo is a SHOULD (spec PR #3002): absent is fine, malformed is not. */
function readClientInfo(value: unknown): ClientInfo | undefined {
  if (value === undefined) return undefined;
  if (
    !isPlainObject(value) ||
    typeof value.name !== 'string' ||
    typeof value.version !== 'string'
  ) {
    throw invalid(`_meta["${META_CLIENT_INFO}"] must be {name, version} strings`);
  }
  return typeof value.title === 'string'
    ? { name: value.name, version: value.version, title: value.title }
    : { name: value.name, version: value.version };
}

/** An unrecognised level SHOULD be -32602 (2026-07-28). */
function readLogLevel(value: unknown): McpLogLevel | undefined {
  if (value === undefined) return undefined;
  if ((LOG_LEVELS as readonly unknown[]).includes(value)) return value as McpLogLevel;
  throw invalid(`_meta["${META_LOG_LEVEL}"] must be one of ${LOG_LEVELS.join(', ')}`);
}

function invalid(problem: string): McpError {
  return new McpError(JsonRpcErrorCode.InvalidParams, `Invalid params: ${problem}`, undefined, 400);
}

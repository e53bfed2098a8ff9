import { McpAccessDeniedError } from '../discovery/mcp-access-denied.error.js';
import { JsonRpcErrorCode } from '../../protocol/json-rpc/json-rpc-error-codes.js';
import { McpError } from '../../protocol/json-rpc/mcp-error.js';
import { MODERN_PROTOCOL_VERSION, type ProtocolVersion } from '../../protocol/protocol-version.js';

/*
 * The one answer for an item that is unknown, disabled, hidden or denied by a guard
 * (docs/security.md "Hidden versus revealed denials"): built in one place so the variants cannot
 * drift apart.
 */

export function unknownToolError(name: string): McpError {
  return McpError.invalidParams(`Unknown tool: ${name}`);
}

export function unknownPromptError(name: string): McpError {
  return McpError.invalidParams(`Unknown prompt: ${name}`);
}

/** -32002 with `data.uri` up to 2025-11-25; 2026-07-28 MUST use -32602 (SEP-2164). */
export function resourceNotFoundError(uri: string, version: ProtocolVersion): McpError {
  const code =
    version === MODERN_PROTOCOL_VERSION
      ? JsonRpcErrorCode.InvalidParams
      : JsonRpcErrorCode.ResourceNotFound;
  return new McpError(code, `Resource not found: ${uri}`, { uri });
}

/**
 * A guard on the handler said no (`McpAccessDeniedError`): answered like a missing item, since a
 * denial must not reveal that the item exists.
 */
export function deniedAsNotFound<T>(result: Promise<T>, notFound: () => McpError): Promise<T> {
  return result.catch((error: unknown) => {
    throw error instanceof McpAccessDeniedError ? notFound() : error;
  });
}

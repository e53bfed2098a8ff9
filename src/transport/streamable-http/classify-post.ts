import type { IncomingHttpHeaders } from 'node:http';

import type { JsonRpcPayload } from '../../protocol/json-rpc/json-rpc-message.validator.js';
import type {
  JsonRpcNotification,
  JsonRpcRequest,
} from '../../protocol/json-rpc/json-rpc.types.js';
import { META_PROTOCOL_VERSION, isLegacyProtocolVersion } from '../../protocol/protocol-version.js';

/**
 * Which path a POSTed payload takes on `/mcp` (README "Design": both eras on one endpoint):
 * - `modern`: a single request or notification naming its revision in `_meta`, or sent without
 *   a session under an `MCP-Protocol-Version` that is not a legacy revision (so a 2026-07-28
 *   request that forgot its `_meta` gets the modern -32602, not a legacy session error);
 * - `initialize`: a single `initialize` request opens a legacy session;
 * - `session`: everything else (requests, notifications, responses, batches) belongs to the
 *   legacy session named by `Mcp-Session-Id`.
 */
export type PostClass =
  | { readonly kind: 'initialize'; readonly request: JsonRpcRequest }
  | { readonly kind: 'modern'; readonly message: JsonRpcRequest | JsonRpcNotification }
  | { readonly kind: 'session'; readonly payload: JsonRpcPayload };

export function classifyPost(payload: JsonRpcPayload, headers: IncomingHttpHeaders): PostClass {
  if (payload.kind === 'batch') return { kind: 'session', payload };
  const { message } = payload;
  if (!('method' in message)) return { kind: 'session', payload };
  if (hasProtocolVersionMeta(message.params?._meta) || isModernHeaderOnly(headers)) {
    return { kind: 'modern', message };
  }
  return message.method === 'initialize' && 'id' in message
    ? { kind: 'initialize', request: message }
    : { kind: 'session', payload };
}

/** GET and DELETE of the 2026-07-28 era (405): a modern version header and no session. */
export function isModernHeaderOnly(headers: IncomingHttpHeaders): boolean {
  const version = headers['mcp-protocol-version'];
  return (
    headers['mcp-session-id'] === undefined &&
    typeof version === 'string' &&
    !isLegacyProtocolVersion(version)
  );
}

function hasProtocolVersionMeta(meta: unknown): boolean {
  return typeof meta === 'object' && meta !== null && META_PROTOCOL_VERSION in meta;
}

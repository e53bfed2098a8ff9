import type { JsonRpcPayload } from '../../mcp/json-rpc/json-rpc-message.validator.js';
import type { JsonRpcRequest } from '../../mcp/json-rpc/json-rpc.types.js';
import { META_PROTOCOL_VERSION } from '../../mcp/protocol/protocol-version.js';

/**
 * Which path a POSTed payload takes on `/mcp` (checklist §3.3, dual-era classification):
 * - `initialize`: a single `initialize` request opens a legacy session;
 * - `modern`: a single request naming its revision in `_meta` is a stateless 2026-07-28 request;
 * - `session`: everything else (requests, notifications, responses, batches) belongs to the
 *   legacy session named by `Mcp-Session-Id`.
 */
export type PostClass =
  | { readonly kind: 'initialize'; readonly request: JsonRpcRequest }
  | { readonly kind: 'modern'; readonly request: JsonRpcRequest }
  | { readonly kind: 'session'; readonly payload: JsonRpcPayload };

export function classifyPost(payload: JsonRpcPayload): PostClass {
  if (payload.kind === 'batch') return { kind: 'session', payload };
  const { message } = payload;
  if (!('method' in message) || !('id' in message)) return { kind: 'session', payload };
  if (message.params?._meta !== undefined && hasProtocolVersionMeta(message.params._meta)) {
    return { kind: 'modern', request: message };
  }
  return message.method === 'initialize'
    ? { kind: 'initialize', request: message }
    : { kind: 'session', payload };
}

function hasProtocolVersionMeta(meta: unknown): boolean {
  return typeof meta === 'object' && meta !== null && META_PROTOCOL_VERSION in meta;
}

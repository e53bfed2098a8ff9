import type { ServerResponse } from 'node:http';

import type { JsonRpcPayload } from '../../protocol/json-rpc/json-rpc-message.validator.js';
import { isJsonRpcRequest, type JsonRpcId } from '../../protocol/json-rpc/json-rpc.types.js';

/**
 * The id of the request a POST carried, for the rejection body when serving it failed after the
 * body was read (404 unknown session, 429 stream cap…): the body then echoes the id, as a
 * JSON-RPC response to that request must (JSON-RPC 2.0 §5). Only a failure writes here, so a
 * request that is served costs nothing.
 */
const REJECTED_REQUEST_IDS = new WeakMap<ServerResponse, JsonRpcId>();

/**
 * Call where a POST whose body was read fails, before rethrowing. A batch, a notification or a
 * posted response has no id of its own to echo: its rejection body carries none.
 */
export function noteRejectedRequest(res: ServerResponse, payload: JsonRpcPayload): void {
  if (payload.kind === 'single' && isJsonRpcRequest(payload.message)) {
    REJECTED_REQUEST_IDS.set(res, payload.message.id);
  }
}

/** The id noted for `res`, `undefined` when the request was refused before its body was read. */
export function rejectedRequestId(res: ServerResponse): JsonRpcId | undefined {
  return REJECTED_REQUEST_IDS.get(res);
}

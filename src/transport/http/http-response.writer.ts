import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

import type {
  JsonRpcErrorObject,
  JsonRpcId,
  JsonRpcMessage,
} from '../../protocol/json-rpc/json-rpc.types.js';
import type { HttpRejection, HttpRejectionKey } from './http-rejections.js';

/** Id-less bodies of data-less rejections, serialized once each: the guards run on every request. */
const FIXED_BODIES = new Map<HttpRejectionKey, string>();

/**
 * `{"jsonrpc":"2.0","id":…,"error":…}` with the id of the request when it was read, and without
 * `id` otherwise (`JSON.stringify` drops an undefined member): the transports allow "a JSON-RPC
 * error response that has no `id`" (transports §Sending Messages to the Server) and no schema
 * revision accepts `"id": null`.
 */
export function errorBody(error: JsonRpcErrorObject, id?: JsonRpcId): string {
  return JSON.stringify({ jsonrpc: '2.0', id, error });
}

/**
 * Headers are set one by one and the body goes out with `end`, so Node sends a `Content-Length`
 * instead of chunked framing (`writeHead` would fix the framing before the body is known).
 */
export function writeJson(
  res: ServerResponse,
  status: number,
  body: string,
  headers?: OutgoingHttpHeaders,
): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json');
  if (headers !== undefined) {
    for (const name in headers) {
      const value = headers[name];
      if (value !== undefined) res.setHeader(name, value);
    }
  }
  res.end(body);
}

/** A status without a body (202 accepted notification, 204 ended session). */
export function writeEmpty(res: ServerResponse, status: number): void {
  res.statusCode = status;
  res.end();
}

export function writeJsonMessage(
  res: ServerResponse,
  status: number,
  message: JsonRpcMessage | readonly JsonRpcMessage[],
  headers?: OutgoingHttpHeaders,
): void {
  writeJson(res, status, JSON.stringify(message), headers);
}

/** An error the HTTP layer answers itself; `id` is the request's when its body was read. */
export function writeJsonRpcError(
  res: ServerResponse,
  status: number,
  error: JsonRpcErrorObject,
  id: JsonRpcId | undefined,
  headers?: OutgoingHttpHeaders,
): void {
  writeJson(res, status, errorBody(error, id), headers);
}

/**
 * Answers a guard's rejection from the table; `Connection: close` rows drop the socket. `id` is
 * the request's when the rejection came after its body was read.
 */
export function writeRejection(
  res: ServerResponse,
  rejection: HttpRejection,
  headers?: OutgoingHttpHeaders,
  id?: JsonRpcId,
): void {
  const { spec } = rejection;
  const body =
    rejection.data === undefined && id === undefined
      ? fixedBody(rejection)
      : errorBody({ code: spec.code, message: rejection.message, data: rejection.data }, id);
  const closes = spec.headers?.includes('Connection: close') === true;
  writeJson(res, spec.status, body, closes ? { ...headers, Connection: 'close' } : headers);
}

function fixedBody(rejection: HttpRejection): string {
  let body = FIXED_BODIES.get(rejection.key);
  if (body === undefined) {
    body = errorBody({ code: rejection.spec.code, message: rejection.message });
    FIXED_BODIES.set(rejection.key, body);
  }
  return body;
}

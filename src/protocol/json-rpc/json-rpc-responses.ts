import { JsonRpcErrorCode } from './json-rpc-error-codes.js';
import type {
  JsonObject,
  JsonRpcErrorObject,
  JsonRpcErrorResponse,
  JsonRpcId,
  JsonRpcSuccessResponse,
} from './json-rpc.types.js';
import { McpError } from './mcp-error.js';

/**
 * HTTP status wanted by an error response (403 insufficient scope, 429, 503…). Kept beside the
 * frozen response instead of inside it so the wire object stays exactly the JSON-RPC shape.
 */
const httpStatuses = new WeakMap<JsonRpcErrorResponse, number>();

/** The one builder of error responses: frozen, without `id` when the id could not be read. */
export function errorResponse(
  id: JsonRpcId | undefined,
  error: JsonRpcErrorObject,
  httpStatus?: number,
): JsonRpcErrorResponse {
  const response: JsonRpcErrorResponse = Object.freeze(
    id === undefined ? { jsonrpc: '2.0', error } : { jsonrpc: '2.0', id, error },
  );
  if (httpStatus !== undefined) httpStatuses.set(response, httpStatus);
  return response;
}

export function successResponse(id: JsonRpcId, result: JsonObject): JsonRpcSuccessResponse {
  return { jsonrpc: '2.0', id, result };
}

/** Status an HTTP transport should use for this response, when it is not the default. */
export function httpStatusOf(response: JsonRpcErrorResponse): number | undefined {
  return httpStatuses.get(response);
}

/**
 * -32603 for a fault of the server itself: the client learns only the correlation id, which is also
 * in the server log next to the stack (README "Errors").
 */
export function internalErrorObject(correlationId: string): JsonRpcErrorObject {
  return Object.freeze({
    code: JsonRpcErrorCode.InternalError,
    message: 'Internal error',
    data: Object.freeze({ correlationId }),
  });
}

/**
 * Maps anything thrown while serving a request to its response. `McpError`s are deliberate and
 * travel as they are; everything else is masked and reported through `logUnexpected`.
 */
export function errorResponseFor(
  id: JsonRpcId | undefined,
  error: unknown,
  correlationId: string,
  logUnexpected: (error: unknown) => void,
): JsonRpcErrorResponse {
  if (error instanceof McpError) return errorResponse(id, error.toJsonRpcError(), error.httpStatus);
  logUnexpected(error);
  return errorResponse(id, internalErrorObject(correlationId));
}

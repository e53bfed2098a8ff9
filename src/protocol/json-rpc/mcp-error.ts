import { JsonRpcErrorCode } from './json-rpc-error-codes.js';
import type { JsonRpcErrorObject } from './json-rpc.types.js';

/**
 * A protocol-level failure that becomes a JSON-RPC `error` object. Throw it from anywhere in
 * the MCP core; the dispatcher turns it into a response. `httpStatus` is used by HTTP
 * transports for errors that must change the status code (2026-07-28 §Transports, 413, 429…).
 */
export class McpError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
    readonly httpStatus?: number,
  ) {
    super(message);
    this.name = 'McpError';
  }

  toJsonRpcError(): JsonRpcErrorObject {
    return this.data === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, data: this.data };
  }

  static invalidParams(message: string, data?: unknown): McpError {
    return new McpError(JsonRpcErrorCode.InvalidParams, message, data);
  }

  static methodNotFound(method: string): McpError {
    return new McpError(JsonRpcErrorCode.MethodNotFound, `Method not found: ${method}`);
  }

  static invalidRequest(message: string, data?: unknown): McpError {
    return new McpError(JsonRpcErrorCode.InvalidRequest, message, data, 400);
  }
}

/** JSON-RPC 2.0 message shapes as MCP uses them (spec "Basic" §Messages). */
export type JsonRpcId = string | number;

export type JsonObject = Record<string, unknown>;

export interface JsonRpcRequest {
  readonly jsonrpc: '2.0';
  readonly id: JsonRpcId;
  readonly method: string;
  readonly params?: JsonObject;
}

export interface JsonRpcNotification {
  readonly jsonrpc: '2.0';
  readonly method: string;
  readonly params?: JsonObject;
}

export interface JsonRpcErrorObject {
  readonly code: number;
  readonly message: string;
  readonly data?: unknown;
}

export interface JsonRpcSuccessResponse {
  readonly jsonrpc: '2.0';
  readonly id: JsonRpcId;
  readonly result: JsonObject;
}

export interface JsonRpcErrorResponse {
  readonly jsonrpc: '2.0';
  /**
   * Absent when the request id could not be read: the MCP schema (2025-11-25) lets an error
   * response omit `id` and no revision allows `null`, so this server never sends `null`; a peer
   * may still send it (JSON-RPC 2.0 §5).
   */
  readonly id?: JsonRpcId | null;
  readonly error: JsonRpcErrorObject;
}

export type JsonRpcResponse = JsonRpcSuccessResponse | JsonRpcErrorResponse;

/** Anything that may travel in one direction or the other. */
export type JsonRpcMessage = JsonRpcRequest | JsonRpcNotification | JsonRpcResponse;

export function isJsonRpcRequest(message: JsonRpcMessage): message is JsonRpcRequest {
  return 'method' in message && 'id' in message;
}

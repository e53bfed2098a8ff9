import { McpError } from '../../protocol/json-rpc/mcp-error.js';

/**
 * The upstream's own JSON-RPC error as ours, code and message kept (the SDK's `McpError` and ours
 * both carry them); `undefined` for anything else, which the runner reports as a failed run
 * without detail. The upstream's `data` is dropped: it may hold its internals.
 */
export function upstreamErrorOf(error: unknown, upstream: string): McpError | undefined {
  if (error instanceof McpError) return new McpError(error.code, error.message);
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code !== 'number' || !Number.isInteger(code) || typeof message !== 'string') {
    return undefined;
  }
  return new McpError(code, `${upstream}: ${message}`);
}

import { describe, expect, it } from 'vitest';

import { JsonRpcErrorCode } from './json-rpc-error-codes.js';
import {
  assertBatchAllowed,
  readJsonRpcPayload,
  validateMessage,
} from './json-rpc-message.validator.js';
import type { JsonRpcMessage } from './json-rpc.types.js';
import { McpError } from './mcp-error.js';

function invalidRequest(run: () => unknown): McpError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(McpError);
    expect((error as McpError).code).toBe(JsonRpcErrorCode.InvalidRequest);
    expect((error as McpError).httpStatus).toBe(400);
    return error as McpError;
  }
  throw new Error('expected -32600');
}

describe(validateMessage.name, () => {
  it.each([
    { jsonrpc: '2.0', id: 1, method: 'ping' },
    { jsonrpc: '2.0', id: 'a', method: 'tools/call', params: { name: 'x' } },
    { jsonrpc: '2.0', method: 'notifications/initialized' },
    { jsonrpc: '2.0', id: 's-1', result: {} },
    { jsonrpc: '2.0', id: 7, error: { code: -32601, message: 'nope' } },
  ])('should accept %j', (message) => {
    expect(validateMessage(message)).toBe(message);
  });

  it.each([
    ['not an object', 'ping'],
    ['an array', []],
    ['null', null],
    ['a wrong version', { jsonrpc: '1.0', id: 1, method: 'ping' }],
    ['a null id', { jsonrpc: '2.0', id: null, method: 'ping' }],
    ['a fractional id', { jsonrpc: '2.0', id: 1.5, method: 'ping' }],
    ['an unsafe integer id', { jsonrpc: '2.0', id: 2 ** 53, method: 'ping' }],
    ['an infinite id', { jsonrpc: '2.0', id: Infinity, method: 'ping' }],
    ['a numeric method', { jsonrpc: '2.0', id: 1, method: 3 }],
    ['array params', { jsonrpc: '2.0', id: 1, method: 'ping', params: [] }],
    [
      'both result and error',
      { jsonrpc: '2.0', id: 1, result: {}, error: { code: 1, message: 'x' } },
    ],
    ['neither result nor error', { jsonrpc: '2.0', id: 1 }],
    ['a malformed error', { jsonrpc: '2.0', id: 1, error: { code: 'x', message: 'y' } }],
    ['a scalar result', { jsonrpc: '2.0', id: 1, result: 3 }],
  ])('should refuse %s', (_label, value) => {
    invalidRequest(() => validateMessage(value));
  });
});

describe(readJsonRpcPayload.name, () => {
  it('should tell a single message from a batch', () => {
    const ping = { jsonrpc: '2.0', id: 1, method: 'ping' };
    expect(readJsonRpcPayload(ping)).toEqual({ kind: 'single', message: ping });
    expect(readJsonRpcPayload([ping, ping])).toEqual({ kind: 'batch', messages: [ping, ping] });
  });

  it('should refuse an empty batch and a batch with an invalid member', () => {
    invalidRequest(() => readJsonRpcPayload([]));
    invalidRequest(() => readJsonRpcPayload([{ jsonrpc: '2.0', id: 1, method: 'ping' }, 1]));
  });
});

describe(assertBatchAllowed.name, () => {
  const ping: JsonRpcMessage = { jsonrpc: '2.0', id: 1, method: 'ping' };
  const initialize: JsonRpcMessage = { jsonrpc: '2.0', id: 2, method: 'initialize' };

  it('should allow batches in 2025-03-26 only', () => {
    expect(() => assertBatchAllowed([ping], '2025-03-26')).not.toThrow();
    for (const version of ['2024-11-05', '2025-06-18', '2025-11-25', '2026-07-28'] as const) {
      invalidRequest(() => assertBatchAllowed([ping], version));
    }
  });

  it('should never allow initialize in a batch', () => {
    const error = invalidRequest(() => assertBatchAllowed([ping, initialize], '2025-03-26'));
    expect(error.message).toContain('initialize');
  });
});

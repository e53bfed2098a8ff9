import { describe, expect, it } from 'vitest';

import { JsonRpcErrorCode } from './json-rpc-error-codes.js';
import { parseJsonRpcPayload } from './json-rpc-payload.parser.js';
import { McpError } from './mcp-error.js';

const limits = { maxDepth: 64, maxKeys: 100 };

function rejection(text: string, custom = limits): McpError {
  try {
    parseJsonRpcPayload(text, custom);
  } catch (error) {
    expect(error).toBeInstanceOf(McpError);
    return error as McpError;
  }
  throw new Error('expected a rejection');
}

function nested(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

describe(parseJsonRpcPayload.name, () => {
  it('should parse a valid message', () => {
    expect(parseJsonRpcPayload('{"jsonrpc":"2.0","id":1,"method":"ping"}', limits)).toEqual({
      jsonrpc: '2.0',
      id: 1,
      method: 'ping',
    });
  });

  it.each(['', '{', '{"a":}', 'nope', '{"a":1}}'])('should answer -32700/400 for %j', (text) => {
    const error = rejection(text);
    expect(error.code).toBe(JsonRpcErrorCode.ParseError);
    expect(error.httpStatus).toBe(400);
  });

  it('should accept nesting exactly at the limit and refuse one level more', () => {
    expect(() => parseJsonRpcPayload(nested(64), limits)).not.toThrow();
    const error = rejection(nested(65));
    expect(error.code).toBe(JsonRpcErrorCode.InvalidRequest);
    expect(error.httpStatus).toBe(400);
  });

  it('should refuse a 100k-deep array fast, without a RangeError', () => {
    const text = nested(100_000);
    const started = performance.now();
    const error = rejection(text);
    expect(performance.now() - started).toBeLessThan(200);
    expect(error.code).toBe(JsonRpcErrorCode.InvalidRequest);
    expect(error.message).toContain('deeper than 64');
  });

  it('should count depth from the root, objects and arrays alike', () => {
    const text = '{"a":'.repeat(3) + '[1]' + '}'.repeat(3);
    expect(() => parseJsonRpcPayload(text, { maxDepth: 4, maxKeys: 10 })).not.toThrow();
    expect(rejection(text, { maxDepth: 3, maxKeys: 10 }).code).toBe(
      JsonRpcErrorCode.InvalidRequest,
    );
  });

  it('should ignore brackets, colons and escaped quotes inside strings', () => {
    const text = JSON.stringify({ a: '[[[[{{{{::::\\"]]', b: 'x\\"[[[[' });
    expect(parseJsonRpcPayload(text, { maxDepth: 1, maxKeys: 2 })).toEqual(JSON.parse(text));
  });

  it('should refuse more object keys than allowed', () => {
    const body = JSON.stringify(
      Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, i])),
    );
    const error = rejection(body);
    expect(error.code).toBe(JsonRpcErrorCode.InvalidRequest);
    expect(error.message).toContain('more than 100 object keys');
  });

  it.each([
    '{"__proto__":{"admin":true}}',
    '{"params":{"arguments":[{"__proto__":{}}]}}',
    '{"a":{"\\u005f_proto__":1}}',
  ])('should refuse a __proto__ key anywhere: %s', (text) => {
    expect(rejection(text).code).toBe(JsonRpcErrorCode.InvalidRequest);
  });

  it('should accept "__proto__" as a string value', () => {
    expect(parseJsonRpcPayload('{"name":"__proto__"}', limits)).toEqual({ name: '__proto__' });
  });
});

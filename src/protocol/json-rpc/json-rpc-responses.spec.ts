import { describe, expect, it, vi } from 'vitest';

import { JsonRpcErrorCode } from './json-rpc-error-codes.js';
import { errorResponse, errorResponseFor, httpStatusOf } from './json-rpc-responses.js';
import { McpError } from './mcp-error.js';

describe(errorResponse.name, () => {
  it('should build a frozen response and remember the HTTP status beside it', () => {
    const response = errorResponse(3, { code: -32004, message: 'slow down' }, 429);
    expect(response).toEqual({
      jsonrpc: '2.0',
      id: 3,
      error: { code: -32004, message: 'slow down' },
    });
    expect(Object.isFrozen(response)).toBe(true);
    expect(httpStatusOf(response)).toBe(429);
    expect(httpStatusOf(errorResponse(3, { code: 1, message: 'x' }))).toBeUndefined();
  });
});

describe(errorResponseFor.name, () => {
  it('should pass an McpError through with its status', () => {
    const log = vi.fn();
    const response = errorResponseFor(1, new McpError(-32003, 'down', { a: 1 }, 503), 'c-1', log);
    expect(response.error).toEqual({ code: -32003, message: 'down', data: { a: 1 } });
    expect(httpStatusOf(response)).toBe(503);
    expect(log).not.toHaveBeenCalled();
  });

  it('should mask anything else as -32603 with only the correlation id, and log it', () => {
    const log = vi.fn();
    const cause = new Error('password=hunter2 at db.ts:12');
    const response = errorResponseFor('r', cause, 'c-2', log);
    expect(response.error).toEqual({
      code: JsonRpcErrorCode.InternalError,
      message: 'Internal error',
      data: { correlationId: 'c-2' },
    });
    expect(JSON.stringify(response)).not.toMatch(/hunter2|db\.ts|stack/);
    expect(log).toHaveBeenCalledWith(cause);
  });
});

import { describe, expect, it } from 'vitest';

import { fakeTool } from '../../test/support/mcp-core.fakes.js';
import type { RegisteredTool } from '../protocol/capabilities/registered-capability.types.js';
import type { JsonObject } from '../protocol/json-rpc/json-rpc.types.js';
import { McpError } from '../protocol/json-rpc/mcp-error.js';
import { IDEMPOTENCY_META_KEY, idempotencyKeyOf } from './idempotency-key.js';

const plain = fakeTool('plain');
const declaring = fakeTool('keyed');
const keyed: RegisteredTool = {
  ...declaring,
  definition: {
    ...declaring.definition,
    inputSchema: { type: 'object', properties: { idempotencyKey: { type: 'string' } } },
  },
};
const meta = (key: unknown): JsonObject => ({
  _meta: { [IDEMPOTENCY_META_KEY]: key },
});

describe(idempotencyKeyOf.name, () => {
  it('should read the key from _meta for any tool', () => {
    expect(idempotencyKeyOf(plain, meta('order-42'), {})).toBe('order-42');
  });

  it('should read the argument only when the input schema declares it', () => {
    expect(idempotencyKeyOf(keyed, {}, { idempotencyKey: 'arg-1' })).toBe('arg-1');
    expect(idempotencyKeyOf(plain, {}, { idempotencyKey: 'arg-1' })).toBeUndefined();
  });

  it('should prefer _meta over the argument', () => {
    expect(idempotencyKeyOf(keyed, meta('meta-1'), { idempotencyKey: 'arg-1' })).toBe('meta-1');
  });

  it('should find no key without one, whatever _meta holds', () => {
    for (const params of [{}, { _meta: null }, { _meta: 'text' }, { _meta: {} }] as JsonObject[]) {
      expect(idempotencyKeyOf(plain, params, {})).toBeUndefined();
    }
  });

  it.each([[''], ['x'.repeat(201)], ['tab\there'], ['é'], [42], [null]])(
    'should refuse %j with -32602',
    (key) => {
      expect(() => idempotencyKeyOf(plain, meta(key), {})).toThrow(McpError);
      expect(() => idempotencyKeyOf(keyed, {}, { idempotencyKey: key })).toThrow(
        /idempotencyKey must be an idempotency key/,
      );
    },
  );
});

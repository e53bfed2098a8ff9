import { describe, expect, it } from 'vitest';

import { ownResult } from './upstream-result.js';

describe(ownResult.name, () => {
  it("should drop the upstream's serverInfo, result type and cache hints, and keep the rest", () => {
    expect(
      ownResult({
        content: [{ type: 'text', text: 'hi' }],
        resultType: 'complete',
        ttlMs: 60_000,
        cacheScope: 'public',
        _meta: {
          'io.modelcontextprotocol/serverInfo': { name: 'upstream', version: '1' },
          'io.github.enterprise-mcp/approval': { id: 'a1' },
        },
      }),
    ).toEqual({
      content: [{ type: 'text', text: 'hi' }],
      _meta: { 'io.github.enterprise-mcp/approval': { id: 'a1' } },
    });
  });

  it('should remove a _meta left empty and give back a plain result as is', () => {
    const reserved = { contents: [], _meta: { 'io.modelcontextprotocol/serverInfo': {} } };
    expect(ownResult(reserved)).toEqual({ contents: [] });
    const plain = { contents: [], _meta: { trace: 'x' } };
    expect(ownResult(plain)).toBe(plain);
  });
});

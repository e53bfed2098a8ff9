import { describe, expect, it } from 'vitest';

import { JsonRpcErrorCode } from '../../protocol/json-rpc/json-rpc-error-codes.js';
import { McpError } from '../../protocol/json-rpc/mcp-error.js';
import { negotiateProtocolVersion } from './protocol-version.negotiation.js';

describe(negotiateProtocolVersion.name, () => {
  it.each([
    ['2024-11-05', '2024-11-05'],
    ['2025-03-26', '2025-03-26'],
    ['2025-06-18', '2025-06-18'],
    ['2025-11-25', '2025-11-25'],
    // Never echo what we do not implement; 2026-07-28 has no handshake.
    ['2026-07-28', '2025-11-25'],
    ['2099-01-01', '2025-11-25'],
    ['2023-01-01', '2025-11-25'],
    ['', '2025-11-25'],
  ])('should answer %j with %s', (requested, negotiated) => {
    expect(negotiateProtocolVersion(requested)).toBe(negotiated);
  });

  it.each([undefined, null, 20251125, {}, ['2025-11-25']])(
    'should refuse %j with -32602 naming supported and requested',
    (requested) => {
      let error: unknown;
      try {
        negotiateProtocolVersion(requested);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(McpError);
      expect((error as McpError).code).toBe(JsonRpcErrorCode.InvalidParams);
      expect((error as McpError).data).toEqual({
        supported: ['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25'],
        requested: requested ?? null,
      });
    },
  );
});

import { describe, expect, it } from 'vitest';

import { JsonRpcErrorCode } from '../../protocol/json-rpc/json-rpc-error-codes.js';
import { McpError } from '../../protocol/json-rpc/mcp-error.js';
import { readInitializeParams } from './initialize-params.reader.js';

const clientInfo = { name: 'c', version: '1' };

describe(readInitializeParams.name, () => {
  it('should read version, client info and capabilities', () => {
    expect(
      readInitializeParams({
        protocolVersion: '2025-06-18',
        capabilities: { sampling: {} },
        clientInfo: { ...clientInfo, title: 'C' },
      }),
    ).toEqual({
      protocolVersion: '2025-06-18',
      clientInfo: { name: 'c', version: '1', title: 'C' },
      clientCapabilities: { sampling: {} },
    });
  });

  it('should read missing capabilities as none', () => {
    expect(
      readInitializeParams({ protocolVersion: '2025-03-26', clientInfo }).clientCapabilities,
    ).toEqual({});
  });

  it.each([
    undefined,
    { protocolVersion: '2025-03-26' },
    { protocolVersion: '2025-03-26', clientInfo: { name: 'c' } },
    { protocolVersion: '2025-03-26', clientInfo, capabilities: [] },
    { protocolVersion: 5, clientInfo },
  ])('should refuse %j with -32602', (params) => {
    expect(() => readInitializeParams(params)).toThrow(McpError);
    try {
      readInitializeParams(params);
    } catch (error) {
      expect((error as McpError).code).toBe(JsonRpcErrorCode.InvalidParams);
    }
  });
});

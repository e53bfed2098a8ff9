import { describe, expect, it } from 'vitest';

import { McpError } from '../../protocol/json-rpc/mcp-error.js';
import { assertSupportedVersion, readModernEnvelope } from './modern-envelope.reader.js';

const META = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientCapabilities': { sampling: {} },
};

function errorOf(action: () => unknown): McpError {
  try {
    action();
  } catch (error) {
    if (error instanceof McpError) return error;
    throw error;
  }
  throw new Error('expected an McpError');
}

describe(readModernEnvelope.name, () => {
  it('should read the envelope; clientInfo and logLevel are optional', () => {
    expect(readModernEnvelope({ _meta: META })).toEqual({
      protocolVersion: '2026-07-28',
      clientCapabilities: { sampling: {} },
      clientInfo: undefined,
      logLevel: undefined,
    });
    const full = readModernEnvelope({
      _meta: {
        ...META,
        'io.modelcontextprotocol/clientInfo': { name: 'c', version: '1' },
        'io.modelcontextprotocol/logLevel': 'debug',
      },
    });
    expect(full).toMatchObject({ clientInfo: { name: 'c', version: '1' }, logLevel: 'debug' });
  });

  it.each([
    ['no params', undefined],
    ['no _meta', {}],
    ['no version', { _meta: { 'io.modelcontextprotocol/clientCapabilities': {} } }],
    ['no capabilities', { _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28' } }],
    [
      'array capabilities',
      { _meta: { ...META, 'io.modelcontextprotocol/clientCapabilities': [] } },
    ],
    ['a bad clientInfo', { _meta: { ...META, 'io.modelcontextprotocol/clientInfo': 'c' } }],
    ['an unknown logLevel', { _meta: { ...META, 'io.modelcontextprotocol/logLevel': 'loud' } }],
  ])('should answer %s with -32602 and HTTP 400', (_case, params) => {
    const error = errorOf(() => readModernEnvelope(params));
    expect(error.code).toBe(-32602);
    expect(error.httpStatus).toBe(400);
  });
});

describe(assertSupportedVersion.name, () => {
  it('should answer another version with -32022 listing supported and echoing requested', () => {
    const envelope = readModernEnvelope({
      _meta: { ...META, 'io.modelcontextprotocol/protocolVersion': '2025-11-25' },
    });
    const error = errorOf(() => assertSupportedVersion(envelope));
    expect(error.toJsonRpcError()).toMatchObject({
      code: -32022,
      data: { supported: ['2026-07-28'], requested: '2025-11-25' },
    });
    expect(error.httpStatus).toBe(400);
  });
});

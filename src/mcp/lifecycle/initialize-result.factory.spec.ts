import { describe, expect, it } from 'vitest';

import { testConfig } from '../../../test/support/mcp-core.fakes.js';
import { McpExtensions } from '../dispatcher/mcp-extensions.js';
import { InitializeResultFactory } from './initialize-result.factory.js';

describe(InitializeResultFactory.name, () => {
  const sut = new InitializeResultFactory(
    testConfig({ MCP_SERVER_NAME: 'acme-mcp', MCP_SERVER_VERSION: '9.9.9' }),
    new McpExtensions(),
  );

  it('should answer 2024-11-05 without completions and without a title', () => {
    const result = sut.resultFor('2024-11-05');
    expect(result).toEqual({
      protocolVersion: '2024-11-05',
      capabilities: {
        logging: {},
        prompts: { listChanged: true },
        resources: { subscribe: true, listChanged: true },
        tools: { listChanged: true },
      },
      serverInfo: { name: 'acme-mcp', version: '9.9.9' },
      instructions: expect.any(String),
    });
  });

  it('should advertise completions from 2025-03-26 and a title from 2025-06-18', () => {
    expect(sut.resultFor('2025-03-26').capabilities).toHaveProperty('completions', {});
    expect(sut.resultFor('2025-03-26').serverInfo).not.toHaveProperty('title');
    for (const version of ['2025-06-18', '2025-11-25'] as const) {
      const result = sut.resultFor(version);
      expect(result.protocolVersion).toBe(version);
      expect(result.capabilities).toHaveProperty('completions', {});
      expect(result.serverInfo).toEqual({
        name: 'acme-mcp',
        version: '9.9.9',
        title: expect.any(String),
      });
    }
  });

  it('should hand out the same frozen object every time', () => {
    const result = sut.resultFor('2025-11-25');
    expect(sut.resultFor('2025-11-25')).toBe(result);
    expect(Object.isFrozen(result)).toBe(true);
    expect(Object.isFrozen(result.capabilities)).toBe(true);
  });
});

import 'reflect-metadata';

import { Test } from '@nestjs/testing';
import { describe, expect, it } from 'vitest';

import { ConfigModule, type Environment, loadConfig } from '../../config/index.js';
import type { McpHandlerContext } from '../../protocol/context/index.js';
import { ANONYMOUS_PRINCIPAL } from '../../protocol/context/index.js';
import { CapabilityRegistry, McpDiscoveryModule } from '../../mcp/discovery/index.js';
import { McpToolError } from '../../mcp/dispatcher/mcp-tool-error.js';
import { ExampleCapabilitiesModule } from './example-capabilities.module.js';

const context = { principal: ANONYMOUS_PRINCIPAL } as unknown as McpHandlerContext;

async function registry(env: Environment = {}): Promise<CapabilityRegistry> {
  const moduleRef = await Test.createTestingModule({
    imports: [ConfigModule.forRoot(loadConfig(env)), McpDiscoveryModule, ExampleCapabilitiesModule],
  }).compile();
  await moduleRef.init();
  return moduleRef.get(CapabilityRegistry);
}

describe(ExampleCapabilitiesModule.name, () => {
  it('should derive echo input schema from its DTO and validate it', async () => {
    const echo = (await registry()).findTool('echo');
    expect(echo?.listing['inputSchema']).toMatchObject({
      type: 'object',
      properties: { message: { type: 'string', maxLength: 10_000 } },
      required: ['message'],
    });
    expect(await echo?.parseInput({ message: 5 })).toEqual({
      ok: false,
      problems: 'arguments/message must be string',
    });
    expect(await echo?.invoke({ message: 'hello' }, context)).toEqual({
      content: [{ type: 'text', text: 'hello' }],
    });
  });

  it('should refuse a message longer than EXAMPLE_ECHO_MAX_LENGTH', async () => {
    const echo = (await registry({ EXAMPLE_ECHO_MAX_LENGTH: '5' })).findTool('echo');
    expect(await echo?.invoke({ message: 'hello' }, context)).toEqual({
      content: [{ type: 'text', text: 'hello' }],
    });
    await expect(echo?.invoke({ message: 'hello!' }, context)).rejects.toThrow(
      new McpToolError('message is longer than 5 characters'),
    );
  });

  it('should return current_time as structured content that matches its output schema', async () => {
    const tool = (await registry()).findTool('current_time');
    const result = await tool?.invoke({}, context);
    expect(result?.['isError']).toBeUndefined();
    expect(tool?.validateOutput?.(result?.['structuredContent'])).toBeUndefined();
    expect(tool?.listing['_meta']).toEqual({
      'io.github.enterprise-mcp/definitionSha256': tool?.definition.definitionSha256,
      'io.github.enterprise-mcp/version': '1.0.0',
    });
  });

  it('should restrict admin_echo to the admin role', async () => {
    expect((await registry()).findTool('admin_echo')?.access.roles).toEqual(['admin']);
  });

  it('should complete the prompt argument and the template variable', async () => {
    const sut = await registry();
    const style = sut.findCompletion({ type: 'ref/prompt', name: 'summarize' }, 'style');
    expect(await style?.complete('bu', { arguments: {} }, context)).toEqual(['bullet-points']);
    const topic = sut.findCompletion(
      { type: 'ref/resource', uri: 'info://server/docs/{topic}' },
      'topic',
    );
    expect(await topic?.complete('', { arguments: {} }, context)).toEqual([
      'tools',
      'resources',
      'prompts',
    ]);
  });

  it('should keep definition hashes stable across boots', async () => {
    const first = (await registry()).findTool('echo')?.definition.definitionSha256;
    const second = (await registry()).findTool('echo')?.definition.definitionSha256;
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(second).toBe(first);
  });
});

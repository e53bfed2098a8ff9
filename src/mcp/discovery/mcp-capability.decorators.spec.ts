import 'reflect-metadata';

import { Reflector } from '@nestjs/core';
import { describe, expect, it } from 'vitest';

import { readAccessRequirements } from './mcp-access.reader.js';
import { McpPublic, McpRoles, McpScopes } from './mcp-access.decorators.js';
import {
  McpCompletion,
  McpPrompt,
  McpResourceTemplate,
  McpTool,
} from './mcp-capability.decorators.js';
import {
  MCP_HANDLER_PARAMS_METADATA,
  MCP_PROMPT_METADATA,
  MCP_TOOL_METADATA,
} from './mcp-metadata.constants.js';

@McpRoles('staff')
@McpScopes('tools:read')
class Decorated {
  @McpTool({ description: 'Defaults its name' })
  @McpScopes('tools:write')
  defaultName(): void {}

  @McpTool({ name: 'custom.name-1', description: 'Named', version: '2.1.0' })
  @McpPublic()
  named(): void {}

  @McpPrompt({ description: 'A prompt' })
  promptMethod(): void {}
}

describe('MCP decorators', () => {
  it('should store tool metadata with the name defaulting to the method name', () => {
    expect(Reflect.getMetadata(MCP_TOOL_METADATA, Decorated.prototype.defaultName)).toEqual({
      description: 'Defaults its name',
      name: 'defaultName',
    });
    expect(Reflect.getMetadata(MCP_TOOL_METADATA, Decorated.prototype.named)).toMatchObject({
      name: 'custom.name-1',
      version: '2.1.0',
    });
    expect(
      Reflect.getMetadata(MCP_PROMPT_METADATA, Decorated.prototype.promptMethod),
    ).toMatchObject({
      name: 'promptMethod',
    });
  });

  it('should describe the positional handler parameters for pipes', () => {
    expect(
      Object.keys(Reflect.getMetadata(MCP_HANDLER_PARAMS_METADATA, Decorated, 'named')),
    ).toEqual(['0:0', '1:1']);
  });

  it('should read access requirements handler-first', () => {
    const reflector = new Reflector();
    expect(readAccessRequirements(reflector, Decorated, Decorated.prototype.defaultName)).toEqual({
      roles: ['staff'],
      scopes: ['tools:write'],
      isPublic: false,
    });
    expect(readAccessRequirements(reflector, Decorated, Decorated.prototype.named)).toEqual({
      roles: ['staff'],
      scopes: ['tools:read'],
      isPublic: true,
    });
  });

  it.each([
    [() => McpTool({ name: 'has space', description: 'x' }), 'tool name "has space" must match'],
    [() => McpTool({ name: 'a'.repeat(129), description: 'x' }), 'must match'],
    [() => McpTool({ description: ' ' }), 'description must be a non-empty string'],
    [() => McpTool({ description: 'x', timeoutMs: 0 }), 'timeoutMs must be a positive integer'],
    [() => McpTool({ description: 'x', input: [] as never }), 'input must be a DTO class'],
    [() => McpResourceTemplate({ uriTemplate: 'x://{a', name: 'n' }), 'unclosed'],
    [() => McpPrompt({ description: 'p', arguments: [{ name: 'a' }, { name: 'a' }] }), 'unique'],
    [
      () => McpCompletion({ ref: { type: 'ref/other' } as never, argument: 'a' }),
      'ref.type must be "ref/prompt" or "ref/resource"',
    ],
  ])('should reject bad options when applied (%#)', (decorator, message) => {
    expect(() => {
      class Target {
        method(): void {}
      }
      const descriptor = Object.getOwnPropertyDescriptor(Target.prototype, 'method');
      decorator()(Target.prototype, 'method', descriptor as PropertyDescriptor);
    }).toThrow(message);
  });

  it('should name the class and method in the error', () => {
    expect(() => {
      class Shop {
        @McpTool({ name: 'bad name', description: 'x' })
        buy(): void {}
      }
      return Shop;
    }).toThrow('@McpTool on Shop.buy: tool name "bad name"');
  });

  it('should reject empty role and scope lists', () => {
    expect(() => McpRoles()).toThrow('@McpRoles: role needs at least one value');
    expect(() => McpScopes('')).toThrow('scope must be a non-empty string');
  });
});

import { Injectable } from '@nestjs/common';

import type { McpHandlerContext } from '../../protocol/context/index.js';
import { McpTool } from '../../mcp/discovery/index.js';
import type { JsonObject } from '../../protocol/json-rpc/json-rpc.types.js';
import { CapabilityChanges } from '../../mcp/subscriptions/capability-changes.js';

const NO_ARGUMENTS: JsonObject = { type: 'object', properties: {} };

/** The server-stateless and http-custom-header diagnostic fixtures (SEP-2575, SEP-2243). */
@Injectable()
export class ConformanceModernTools {
  constructor(private readonly changes: CapabilityChanges) {}

  @McpTool({
    name: 'test_missing_capability',
    description: 'SEP-2575: needs the sampling client capability (-32021 when undeclared)',
    input: NO_ARGUMENTS,
  })
  async missingCapability(_args: unknown, ctx: McpHandlerContext): Promise<string> {
    await ctx.requestInput('llm_answer', 'sampling/createMessage', {
      messages: [
        { role: 'user', content: { type: 'text', text: 'Reply with the single word: pong' } },
      ],
      maxTokens: 16,
    });
    return 'sampling round-trip complete';
  }

  /** The response stream carries no top-level JSON-RPC request; this call asks for nothing. */
  @McpTool({
    name: 'test_streaming_elicitation',
    description: 'SEP-2575: a response stream with result frames only, no top-level requests',
    input: NO_ARGUMENTS,
  })
  streamingElicitation(): string {
    return 'stream observed: result frames only, no top-level requests';
  }

  @McpTool({
    name: 'test_logging_tool',
    description: 'SEP-2575: logs; delivered only when the request set _meta logLevel',
    input: NO_ARGUMENTS,
  })
  logging(_args: unknown, ctx: McpHandlerContext): string {
    ctx.log.info('test_logging_tool ran (delivered only when the request set _meta logLevel)');
    return 'logged through the request-scoped, logLevel-gated channel';
  }

  @McpTool({
    name: 'test_trigger_tool_change',
    description: 'Listen diagnostic (SEP-2575): announces a tools/list_changed event',
    input: NO_ARGUMENTS,
  })
  async triggerToolChange(): Promise<string> {
    await this.changes.toolsChanged();
    return 'tools_list_changed published';
  }

  @McpTool({
    name: 'test_trigger_prompt_change',
    description: 'Listen diagnostic (SEP-2575): announces a prompts/list_changed event',
    input: NO_ARGUMENTS,
  })
  async triggerPromptChange(): Promise<string> {
    await this.changes.promptsChanged();
    return 'prompts_list_changed published';
  }

  @McpTool({
    name: 'test_x_mcp_header',
    description: 'SEP-2243: "region" is mirrored into the Mcp-Param-Region header',
    input: {
      type: 'object',
      properties: {
        region: {
          type: 'string',
          description: 'mirrored into Mcp-Param-Region',
          'x-mcp-header': 'Region',
        },
        level: { type: 'integer', description: 'non-mirrored argument' },
      },
    },
  })
  xMcpHeader(args: { region?: string }): string {
    return `region=${args.region ?? '<none>'}`;
  }
}

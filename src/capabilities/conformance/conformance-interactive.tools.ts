import { setTimeout as sleep } from 'node:timers/promises';

import { Injectable } from '@nestjs/common';

import type { McpHandlerContext } from '../../protocol/context/index.js';
import type { JsonObject } from '../../protocol/json-rpc/json-rpc.types.js';
import { McpTool } from '../../mcp/discovery/index.js';
import { NOTIFICATION_SPACING_MS } from './conformance-fixtures.constants.js';
import {
  SEP1034_DEFAULTS_SCHEMA,
  SEP1330_ENUMS_SCHEMA,
} from './conformance-elicitation.schemas.js';

const stringArgument = (name: string, description: string): JsonObject => ({
  type: 'object',
  properties: { [name]: { type: 'string', description } },
  required: [name],
});

/** Conformance tools that talk to the client while they run: logs, progress, sampling, elicitation. */
@Injectable()
export class ConformanceInteractiveTools {
  @McpTool({
    name: 'test_tool_with_logging',
    description: 'Tests tool that emits log messages during execution',
  })
  async withLogging(_args: JsonObject, ctx: McpHandlerContext): Promise<string> {
    const wait = { signal: ctx.signal };
    ctx.log.info('Tool execution started');
    await sleep(NOTIFICATION_SPACING_MS, undefined, wait);
    ctx.log.info('Tool processing data');
    await sleep(NOTIFICATION_SPACING_MS, undefined, wait);
    ctx.log.info('Tool execution completed');
    return 'Tool with logging executed successfully';
  }

  @McpTool({
    name: 'test_tool_with_progress',
    description: 'Tests tool that reports progress notifications',
  })
  async withProgress(_args: JsonObject, ctx: McpHandlerContext): Promise<string> {
    for (const progress of [0, 50, 100]) {
      if (progress > 0) await sleep(NOTIFICATION_SPACING_MS, undefined, { signal: ctx.signal });
      ctx.reportProgress(progress, 100, `Completed step ${progress} of 100`);
    }
    return 'Tool with progress executed successfully';
  }

  @McpTool({
    name: 'test_sampling',
    description: 'Tests server-initiated sampling (LLM completion request)',
    input: stringArgument('prompt', 'The prompt to send to the LLM'),
  })
  async sampling(args: { prompt: string }, ctx: McpHandlerContext): Promise<string> {
    const result = await ctx.requestInput('sampling', 'sampling/createMessage', {
      messages: [{ role: 'user', content: { type: 'text', text: args.prompt } }],
      maxTokens: 100,
    });
    const content = result['content'] as { text?: unknown } | undefined;
    return `LLM response: ${typeof content?.text === 'string' ? content.text : 'No response'}`;
  }

  @McpTool({
    name: 'test_elicitation',
    description: 'Tests server-initiated elicitation (user input request)',
    input: stringArgument('message', 'The message to show the user'),
  })
  async elicitation(args: { message: string }, ctx: McpHandlerContext): Promise<string> {
    const result = await ctx.requestInput('elicitation', 'elicitation/create', {
      message: args.message,
      requestedSchema: {
        type: 'object',
        properties: {
          username: { type: 'string', description: "User's username" },
          email: { type: 'string', format: 'email', description: "User's email address" },
        },
        required: ['username', 'email'],
      },
    });
    return `User response: ${describeElicitation(result)}`;
  }

  @McpTool({
    name: 'test_elicitation_sep1034_defaults',
    description: 'Tests elicitation with default values per SEP-1034',
  })
  async elicitationDefaults(_args: JsonObject, ctx: McpHandlerContext): Promise<string> {
    const result = await ctx.requestInput('sep1034', 'elicitation/create', {
      message: 'Please review and update the form fields with defaults',
      requestedSchema: SEP1034_DEFAULTS_SCHEMA,
    });
    return `Elicitation completed: ${describeElicitation(result)}`;
  }

  @McpTool({
    name: 'test_elicitation_sep1330_enums',
    description: 'Tests elicitation with enum schema improvements per SEP-1330',
  })
  async elicitationEnums(_args: JsonObject, ctx: McpHandlerContext): Promise<string> {
    const result = await ctx.requestInput('sep1330', 'elicitation/create', {
      message: 'Please select options from the enum fields',
      requestedSchema: SEP1330_ENUMS_SCHEMA,
    });
    return `Elicitation completed: ${describeElicitation(result)}`;
  }
}

function describeElicitation(result: JsonObject): string {
  return `action=${String(result['action'])}, content=${JSON.stringify(result['content'] ?? {})}`;
}

import { Injectable } from '@nestjs/common';

import type { JsonObject } from '../../protocol/json-rpc/json-rpc.types.js';
import { McpCompletion, McpPrompt } from '../../mcp/discovery/index.js';
import { TEST_PNG_BASE64 } from './conformance-fixtures.constants.js';

const ARG1_CANDIDATES = ['test', 'testValue1', 'value1'];

/** Conformance prompts (prompts-* scenarios) and the completion of completion-complete. */
@Injectable()
export class ConformancePrompts {
  @McpPrompt({
    name: 'test_simple_prompt',
    title: 'Simple Test Prompt',
    description: 'A simple prompt without arguments',
  })
  simple(): string {
    return 'This is a simple prompt for testing.';
  }

  @McpPrompt({
    name: 'test_prompt_with_arguments',
    title: 'Prompt With Arguments',
    description: 'A prompt with required arguments',
    arguments: [
      { name: 'arg1', description: 'First test argument', required: true },
      { name: 'arg2', description: 'Second test argument', required: true },
    ],
  })
  withArguments(args: Record<string, string>): string {
    return `Prompt with arguments: arg1='${args['arg1']}', arg2='${args['arg2']}'`;
  }

  @McpCompletion({
    ref: { type: 'ref/prompt', name: 'test_prompt_with_arguments' },
    argument: 'arg1',
  })
  completeArg1(value: string): string[] {
    return ARG1_CANDIDATES.filter((candidate) => candidate.startsWith(value));
  }

  @McpPrompt({
    name: 'test_prompt_with_embedded_resource',
    title: 'Prompt With Embedded Resource',
    description: 'A prompt that includes an embedded resource',
    arguments: [
      { name: 'resourceUri', description: 'URI of the resource to embed', required: true },
    ],
  })
  withEmbeddedResource(args: Record<string, string>): JsonObject {
    const resource = {
      uri: args['resourceUri'],
      mimeType: 'text/plain',
      text: 'Embedded resource content for testing.',
    };
    return {
      messages: [
        { role: 'user', content: { type: 'resource', resource } },
        {
          role: 'user',
          content: { type: 'text', text: 'Please process the embedded resource above.' },
        },
      ],
    };
  }

  @McpPrompt({
    name: 'test_prompt_with_image',
    title: 'Prompt With Image',
    description: 'A prompt that includes image content',
  })
  withImage(): JsonObject {
    return {
      messages: [
        { role: 'user', content: { type: 'image', data: TEST_PNG_BASE64, mimeType: 'image/png' } },
        { role: 'user', content: { type: 'text', text: 'Please analyze the image above.' } },
      ],
    };
  }
}

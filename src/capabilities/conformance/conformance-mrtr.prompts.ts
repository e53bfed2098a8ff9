import { Injectable } from '@nestjs/common';

import type { McpHandlerContext } from '../../protocol/context/index.js';
import { McpPrompt } from '../../mcp/discovery/index.js';
import type { JsonObject } from '../../protocol/json-rpc/json-rpc.types.js';
import { acceptedField, singleFieldSchema } from './conformance-mrtr.inputs.js';

/** input-required-result-non-tool-request: `prompts/get` may ask for input too (SEP-2322). */
@Injectable()
export class ConformanceMrtrPrompts {
  @McpPrompt({
    name: 'test_input_required_result_prompt',
    description: 'MRTR (SEP-2322): asks which context the prompt should use before answering',
  })
  async inputRequired(_args: Record<string, string>, ctx: McpHandlerContext): Promise<JsonObject> {
    const answer = await ctx.requestInput('user_context', 'elicitation/create', {
      message: 'What context should the prompt use?',
      requestedSchema: singleFieldSchema('context'),
    });
    const context = acceptedField(answer, 'context');
    const text = `Answer using this context: ${typeof context === 'string' ? context : 'none'}`;
    return { messages: [{ role: 'user', content: { type: 'text', text } }] };
  }
}

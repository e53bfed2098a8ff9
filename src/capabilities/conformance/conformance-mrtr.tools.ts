import { Injectable } from '@nestjs/common';

import type { McpHandlerContext } from '../../protocol/context/index.js';
import { McpTool } from '../../mcp/discovery/index.js';
import {
  acceptedField,
  askConfirmation,
  askGreeting,
  askName,
  askRoots,
  rootUris,
  sampledText,
  singleFieldSchema,
} from './conformance-mrtr.inputs.js';

/**
 * The input-required-result-* fixtures (SEP-2322). Each is written once against
 * `ctx.requestInput`: in 2026-07-28 a missing answer ends the call with an `InputRequiredResult`
 * and the retry re-runs the handler with the answers; on a legacy session the same call is a
 * server→client request.
 */
@Injectable()
export class ConformanceMrtrTools {
  @McpTool({
    name: 'test_input_required_result_elicitation',
    description: 'MRTR (SEP-2322): asks for the caller name through an elicitation input request',
  })
  async elicitation(_args: unknown, ctx: McpHandlerContext): Promise<string> {
    const name = acceptedField(await askName(ctx), 'name');
    return typeof name === 'string' ? `Hello, ${name}!` : 'No name was provided.';
  }

  @McpTool({
    name: 'test_input_required_result_sampling',
    description: 'MRTR (SEP-2322): asks for an LLM completion through a sampling input request',
  })
  async sampling(_args: unknown, ctx: McpHandlerContext): Promise<string> {
    const answer = await ctx.requestInput('capital_question', 'sampling/createMessage', {
      messages: [
        { role: 'user', content: { type: 'text', text: 'What is the capital of France?' } },
      ],
      maxTokens: 100,
    });
    return `Sampling response: ${sampledText(answer) ?? '<no text>'}`;
  }

  @McpTool({
    name: 'test_input_required_result_list_roots',
    description: 'MRTR (SEP-2322): asks for the client roots through a roots/list input request',
  })
  async listRoots(_args: unknown, ctx: McpHandlerContext): Promise<string> {
    const uris = rootUris(await askRoots(ctx));
    return `Client exposed ${uris.length} root(s): ${uris.join(', ')}`;
  }

  @McpTool({
    name: 'test_input_required_result_request_state',
    description: 'MRTR (SEP-2322): round-trips a signed requestState with an elicitation request',
  })
  async requestState(_args: unknown, ctx: McpHandlerContext): Promise<string> {
    const ok = acceptedField(await askConfirmation(ctx), 'ok');
    return `state-ok: requestState verified, confirmation ${ok === true ? 'received' : 'declined'}`;
  }

  @McpTool({
    name: 'test_input_required_result_multiple_inputs',
    description: 'MRTR (SEP-2322): asks for elicitation, sampling and roots input in one round',
  })
  async multipleInputs(_args: unknown, ctx: McpHandlerContext): Promise<string> {
    // Asked together, so one InputRequiredResult carries all three requests.
    const [name, greeting, roots] = await Promise.all([
      askName(ctx),
      askGreeting(ctx, 'Generate a greeting'),
      askRoots(ctx),
    ]);
    const who = acceptedField(name, 'name');
    return `${sampledText(greeting) ?? 'Hello'} ${typeof who === 'string' ? who : 'stranger'} — ${rootUris(roots).length} root(s) visible`;
  }

  @McpTool({
    name: 'test_input_required_result_multi_round',
    description: 'MRTR (SEP-2322): two elicitation rounds, the state evolving between them',
  })
  async multiRound(_args: unknown, ctx: McpHandlerContext): Promise<string> {
    // Asked one after the other: the second question needs the first answer (two rounds).
    const name = acceptedField(
      await ctx.requestInput('step1', 'elicitation/create', {
        message: 'Step 1: What is your name?',
        requestedSchema: singleFieldSchema('name'),
      }),
      'name',
    );
    const color = acceptedField(
      await ctx.requestInput('step2', 'elicitation/create', {
        message: `Step 2: What is your favorite color, ${String(name)}?`,
        requestedSchema: singleFieldSchema('color'),
      }),
      'color',
    );
    return `Multi-round complete: ${String(name)} likes ${String(color)}`;
  }

  @McpTool({
    name: 'test_input_required_result_tampered_state',
    description: 'MRTR (SEP-2322): retries whose requestState fails verification are rejected',
  })
  async tamperedState(_args: unknown, ctx: McpHandlerContext): Promise<string> {
    await askConfirmation(ctx);
    return 'integrity-ok: requestState verified';
  }

  @McpTool({
    name: 'test_input_required_result_capabilities',
    description: 'MRTR (SEP-2322): only asks for input kinds the client declared',
  })
  async capabilities(_args: unknown, ctx: McpHandlerContext): Promise<string> {
    const declared = ctx.client.capabilities;
    const questions = [
      ...(declared['elicitation'] === undefined ? [] : [askName(ctx)]),
      ...(declared['sampling'] === undefined
        ? []
        : [askGreeting(ctx, 'Generate a short greeting')]),
      ...(declared['roots'] === undefined ? [] : [askRoots(ctx)]),
    ];
    if (questions.length === 0) return 'No declared client capability supports an input request';
    await Promise.all(questions);
    return 'Capability-aware input requests fulfilled';
  }
}

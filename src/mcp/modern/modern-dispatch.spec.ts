import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createCoreHarness, type CoreHarness } from '../../../test/support/mcp-core.harness.js';
import { fakeTool, principal } from '../../../test/support/mcp-core.fakes.js';
import type { McpHandlerContext } from '../../protocol/context/handler-context.js';
import { httpStatusOf } from '../../protocol/json-rpc/json-rpc-responses.js';
import type { JsonObject, JsonRpcResponse } from '../../protocol/json-rpc/json-rpc.types.js';

const ELICIT = { elicitation: {} };

function resultOf(response: JsonRpcResponse | undefined): JsonObject {
  if (response === undefined || !('result' in response)) {
    throw new Error(`expected a result, got ${JSON.stringify(response)}`);
  }
  return response.result;
}

/** The 2026-07-28 path of the dispatcher, through Nest DI over in-memory ports. */
describe('McpDispatcher, 2026-07-28', () => {
  let core: CoreHarness;
  let runs: number;

  beforeEach(async () => {
    core = await createCoreHarness();
    runs = 0;
    core.registry.toolList.push(
      fakeTool('greet', {
        invoke: async (_args, ctx: McpHandlerContext) => {
          runs++;
          const answer = await ctx.requestInput('name', 'elicitation/create', {
            message: 'Name?',
            requestedSchema: { type: 'object', properties: {} },
          });
          return { content: [{ type: 'text', text: `hi ${JSON.stringify(answer)}` }] };
        },
      }),
    );
  });
  afterEach(() => core.close());

  it('should serve server/discover only in 2026-07-28, and removed methods only before', async () => {
    const modern = await core.request(core.context(undefined), 'server/discover');
    expect(resultOf(modern)).toMatchObject({ resultType: 'complete', cacheScope: 'public' });
    const legacy = await core.request(core.context(await core.openSession()), 'server/discover');
    expect(legacy).toMatchObject({ error: { code: -32601 } });
    const ping = await core.request(core.context(undefined), 'ping');
    expect(ping).toMatchObject({ error: { code: -32601 } });
    expect(httpStatusOf(ping as never)).toBe(404);
  });

  it('should end a handler that asks for input with an InputRequiredResult, audited as such', async () => {
    const ctx = core.context(undefined, { clientCapabilities: ELICIT });
    const result = resultOf(await core.request(ctx, 'tools/call', { name: 'greet' }));
    expect(result).toMatchObject({
      resultType: 'input_required',
      inputRequests: { name: { method: 'elicitation/create' } },
      requestState: expect.any(String),
    });
    expect(core.audit.finished.at(-1)?.outcome).toBe('input_required');
    const retry = await core.request(ctx, 'tools/call', {
      name: 'greet',
      inputResponses: { name: { action: 'accept', content: {} } },
      requestState: result['requestState'],
    });
    expect(resultOf(retry)).toMatchObject({
      resultType: 'complete',
      content: [{ text: 'hi {"action":"accept","content":{}}' }],
    });
    expect(runs).toBe(2);
  });

  it('should refuse a state minted for another principal before the handler runs', async () => {
    const ctx = core.context(undefined, { clientCapabilities: ELICIT });
    const { requestState } = resultOf(await core.request(ctx, 'tools/call', { name: 'greet' }));
    const mallory = core.context(undefined, {
      clientCapabilities: ELICIT,
      principal: principal('mallory'),
    });
    const replay = await core.request(mallory, 'tools/call', {
      name: 'greet',
      inputResponses: { name: { action: 'accept', content: {} } },
      requestState,
    });
    expect(replay).toMatchObject({ error: { code: -32602 } });
    expect(runs).toBe(1);
  });

  it('should answer -32021 with HTTP 400 when the client did not declare the capability', async () => {
    const response = await core.request(core.context(undefined), 'tools/call', { name: 'greet' });
    expect(response).toMatchObject({
      error: { code: -32021, data: { requiredCapabilities: { elicitation: {} } } },
    });
    expect(httpStatusOf(response as never)).toBe(400);
  });

  it('should keep legacy sessions on server→client requests (one handler API)', async () => {
    const session = await core.openSession(core.alice, { capabilities: ELICIT });
    const ctx = core.context(session);
    const pending = core.request(ctx, 'tools/call', { name: 'greet' });
    await new Promise((resolve) => setImmediate(resolve));
    const asked = ctx.sink.messages.find((message) => 'method' in message);
    expect(asked).toMatchObject({ method: 'elicitation/create' });
    await core.dispatcher.dispatch(
      { jsonrpc: '2.0', id: (asked as { id: number }).id, result: { action: 'decline' } },
      ctx,
    );
    expect(resultOf(await pending)).not.toHaveProperty('resultType');
  });
});

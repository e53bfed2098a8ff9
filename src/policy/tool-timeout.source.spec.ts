import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createCoreHarness, type CoreHarness } from '../../test/support/mcp-core.harness.js';
import { fakeTool } from '../../test/support/mcp-core.fakes.js';
import { loadConfig } from '../config/app-config.js';
import type { McpHandlerContext } from '../protocol/context/handler-context.js';
import { DispatchCall } from '../mcp/dispatcher/dispatch-call.js';
import type { InputRequester } from '../mcp/dispatcher/request-handler-context.js';
import { CallApprovalGate } from '../mcp/approvals/call-approval.gate.js';
import { IdempotentToolCalls } from '../mcp/dispatcher/idempotent-tool-calls.js';
import { ToolCallRunner } from '../mcp/dispatcher/tool-call.runner.js';
import type { JsonObject } from '../protocol/json-rpc/json-rpc.types.js';
import { ToolTimeoutSource } from './tool-timeout.source.js';

class FixedTimeouts extends ToolTimeoutSource {
  constructor(private readonly overrides: Record<string, number>) {
    super();
  }
  timeoutMsFor(toolName: string): number | undefined {
    return this.overrides[toolName];
  }
}

const NO_INPUT: InputRequester = { request: () => Promise.reject(new Error('no input')) };

describe(ToolTimeoutSource.name, () => {
  let h: CoreHarness;

  beforeEach(async () => {
    h = await createCoreHarness();
  });

  afterEach(async () => {
    await h.close();
  });

  async function runSlow(timeouts: ToolTimeoutSource | undefined, declaredMs: number) {
    let seen: McpHandlerContext | undefined;
    const tool = fakeTool('slow', {
      timeoutMs: declaredMs,
      invoke: (_args: JsonObject, ctx: McpHandlerContext) => {
        seen = ctx;
        return new Promise(() => undefined);
      },
    });
    const runner = new ToolCallRunner(
      loadConfig({ PORT: '3000' }),
      h.audit,
      new IdempotentToolCalls(h.audit),
      new CallApprovalGate(h.audit),
      undefined,
      timeouts,
    );
    const ctx = h.context(await h.openSession());
    const call = new DispatchCall(
      { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'slow' } },
      ctx,
      NO_INPUT,
    );
    const started = performance.now();
    const result = await runner.run(tool, {}, call);
    return { result, elapsed: performance.now() - started, signal: seen?.signal };
  }

  it('should override the declared timeout and abort the handler when it fires', async () => {
    const { result, elapsed, signal } = await runSlow(new FixedTimeouts({ slow: 40 }), 60_000);
    expect(result).toEqual({
      content: [{ type: 'text', text: 'Tool timed out after 40 ms' }],
      isError: true,
    });
    expect(elapsed).toBeLessThan(5_000);
    expect(signal?.aborted).toBe(true);
  });

  it('should keep the declared timeout when the policy has no override for the tool', async () => {
    const { result } = await runSlow(new FixedTimeouts({ other: 10 }), 30);
    expect(result).toMatchObject({ content: [{ text: 'Tool timed out after 30 ms' }] });
  });

  it('should keep the declared timeout when no policy source is provided', async () => {
    const { result } = await runSlow(undefined, 30);
    expect(result).toMatchObject({ content: [{ text: 'Tool timed out after 30 ms' }] });
  });
});

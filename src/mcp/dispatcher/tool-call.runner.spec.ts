import { Logger } from '@nestjs/common';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { createCoreHarness, type CoreHarness } from '../../../test/support/mcp-core.harness.js';
import { OPEN, fakeTool, principal } from '../../../test/support/mcp-core.fakes.js';
import { AuditUnavailableError } from '../../audit/audit-log.js';
import type { McpHandlerContext } from '../../protocol/context/handler-context.js';
import { McpAccessDeniedError } from '../discovery/mcp-access-denied.error.js';
import { JsonRpcErrorCode } from '../../protocol/json-rpc/json-rpc-error-codes.js';
import { httpStatusOf } from '../../protocol/json-rpc/json-rpc-responses.js';
import type { JsonObject, JsonRpcErrorResponse } from '../../protocol/json-rpc/json-rpc.types.js';
import { McpToolError } from './mcp-tool-error.js';
import { ToolCallRunner } from './tool-call.runner.js';

/** A handler that records its calls and the signal it was given. */
function spyHandler(
  run: (signal: AbortSignal) => Promise<JsonObject> = () => Promise.resolve(ok()),
) {
  const calls: McpHandlerContext[] = [];
  return {
    calls,
    invoke: (_args: JsonObject, context: McpHandlerContext) => {
      calls.push(context);
      return run(context.signal);
    },
  };
}

function ok(text = 'ok'): JsonObject {
  return { content: [{ type: 'text', text }] };
}

/** A handler that honours its signal and otherwise never finishes. */
function never(signal: AbortSignal): Promise<JsonObject> {
  return new Promise((_resolve, reject) =>
    signal.addEventListener('abort', () => reject(new Error('aborted'))),
  );
}

describe(ToolCallRunner.name, () => {
  let h: CoreHarness;

  beforeEach(async () => {
    h = await createCoreHarness({ MCP_MAX_TOOL_OUTPUT_BYTES: '2048' });
    vi.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });

  afterEach(async () => {
    vi.restoreAllMocks();
    await h.close();
  });

  async function call(name: string, args?: JsonObject, who = h.alice) {
    const session = await h.openSession(who);
    const ctx = h.context(session, { principal: who });
    const params: JsonObject = args === undefined ? { name } : { name, arguments: args };
    return { ctx, response: await h.request(ctx, 'tools/call', params) };
  }

  it('should run the handler with {} when arguments are missing and audit both rows', async () => {
    let received: JsonObject | undefined;
    h.registry.toolList = [
      fakeTool('echo', { invoke: (args) => ((received = args), Promise.resolve(ok())) }),
    ];
    const { ctx, response } = await call('echo');
    expect(response).toEqual({ jsonrpc: '2.0', id: expect.anything(), result: ok() });
    expect(received).toEqual({});
    expect(h.audit.started).toEqual([
      expect.objectContaining({
        correlationId: ctx.correlationId,
        subject: 'alice',
        toolName: 'echo',
        argumentsSha256: '44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
      }),
    ]);
    expect(h.audit.finished).toEqual([
      expect.objectContaining({ correlationId: ctx.correlationId, outcome: 'success' }),
    ]);
  });

  it('should answer unknown and hidden tools with the very same error', async () => {
    h.registry.toolList = [fakeTool('secret', { access: { ...OPEN, roles: ['admin'] } })];
    const unknown = await call('nope');
    const hidden = await call('secret');
    const strip = (response: unknown) => ({ ...(response as JsonRpcErrorResponse), id: 0 });
    expect(strip(hidden.response)).toEqual({
      ...strip(unknown.response),
      error: { code: JsonRpcErrorCode.InvalidParams, message: 'Unknown tool: secret' },
    });
    expect((unknown.response as JsonRpcErrorResponse).error.message).toBe('Unknown tool: nope');
    expect(h.audit.started).toEqual([]);
  });

  it('should answer a guard denial like an unknown tool', async () => {
    h.registry.toolList = [
      fakeTool('guarded', { invoke: () => Promise.reject(new McpAccessDeniedError('X.guarded')) }),
    ];
    const { response } = await call('guarded');
    expect((response as JsonRpcErrorResponse).error).toEqual({
      code: JsonRpcErrorCode.InvalidParams,
      message: 'Unknown tool: guarded',
    });
  });

  it('should ask for missing scopes with 403 and never run the handler', async () => {
    const handler = spyHandler();
    h.registry.toolList = [
      fakeTool('deploy', { access: { ...OPEN, scopes: ['deploy:write'] }, invoke: handler.invoke }),
    ];
    const { response } = await call('deploy');
    expect((response as JsonRpcErrorResponse).error).toEqual({
      code: JsonRpcErrorCode.Unauthorized,
      message: 'Insufficient scope',
      data: { requiredScopes: ['deploy:write'] },
    });
    expect(httpStatusOf(response as JsonRpcErrorResponse)).toBe(403);
    expect(handler.calls).toHaveLength(0);
    const scoped = principal('carol', { scopes: new Set(['deploy:write']) });
    expect(await call('deploy', {}, scoped).then((r) => r.response)).toHaveProperty('result');
  });

  it('should answer invalid arguments with isError and never run the handler', async () => {
    const handler = spyHandler();
    h.registry.toolList = [
      fakeTool('add', {
        invoke: handler.invoke,
        parseInput: () => Promise.resolve({ ok: false, problems: '/a must be number' }),
      }),
    ];
    const { response } = await call('add', { a: 'x' });
    expect(response).toMatchObject({
      result: {
        content: [{ type: 'text', text: 'Invalid arguments: /a must be number' }],
        isError: true,
      },
    });
    expect(handler.calls).toHaveLength(0);
    expect(h.audit.started).toHaveLength(0);
  });

  it('should refuse non-object arguments with -32602', async () => {
    h.registry.toolList = [fakeTool('add')];
    const session = await h.openSession();
    const response = await h.request(h.context(session), 'tools/call', {
      name: 'add',
      arguments: [1],
    });
    expect((response as JsonRpcErrorResponse).error.code).toBe(JsonRpcErrorCode.InvalidParams);
  });

  it('should not run the handler when the audit log is unavailable (fail closed)', async () => {
    const handler = spyHandler();
    h.registry.toolList = [fakeTool('echo', { invoke: handler.invoke })];
    h.audit.failWith = new AuditUnavailableError(new Error('connection refused'));
    const { response } = await call('echo');
    expect((response as JsonRpcErrorResponse).error).toEqual({
      code: JsonRpcErrorCode.Unavailable,
      message: 'audit log unavailable; the tool did not run',
    });
    expect(httpStatusOf(response as JsonRpcErrorResponse)).toBe(503);
    expect(handler.calls).toHaveLength(0);
    expect(h.audit.finished).toHaveLength(0);
  });

  it('should audit a read-only call in one row, after it ran and before it answers', async () => {
    const handler = spyHandler();
    h.registry.toolList = [
      fakeTool('lookup', { annotations: { readOnlyHint: true }, invoke: handler.invoke }),
    ];
    const { ctx, response } = await call('lookup', { q: 'x' });
    expect(response).toMatchObject({ result: ok() });
    expect(h.audit.started).toEqual([]);
    expect(h.audit.finished).toEqual([]);
    expect(h.audit.completed).toEqual([
      expect.objectContaining({
        correlationId: ctx.correlationId,
        subject: 'alice',
        toolName: 'lookup',
        arguments: { q: 'x' },
        outcome: 'success',
        durationMs: expect.any(Number),
      }),
    ]);
  });

  it('should withhold a read-only result the audit log cannot record (fail closed)', async () => {
    const handler = spyHandler();
    h.registry.toolList = [
      fakeTool('lookup', { annotations: { readOnlyHint: true }, invoke: handler.invoke }),
    ];
    h.audit.failWith = new AuditUnavailableError(new Error('connection refused'));
    const { response } = await call('lookup');
    expect(handler.calls).toHaveLength(1);
    expect((response as JsonRpcErrorResponse).error).toEqual({
      code: JsonRpcErrorCode.Unavailable,
      message: 'audit log unavailable; the result was withheld',
    });
    expect(httpStatusOf(response as JsonRpcErrorResponse)).toBe(503);
  });

  it('should audit in two rows a tool whose annotations say read-only and destructive', async () => {
    h.registry.toolList = [
      fakeTool('odd', { annotations: { readOnlyHint: true, destructiveHint: true } }),
    ];
    await call('odd');
    expect(h.audit.completed).toEqual([]);
    expect(h.audit.started).toHaveLength(1);
    expect(h.audit.finished).toEqual([expect.objectContaining({ outcome: 'success' })]);
  });

  it('should time out a handler that ignores its signal, abort it and say so', async () => {
    const handler = spyHandler(() => new Promise(() => undefined));
    h.registry.toolList = [fakeTool('slow', { timeoutMs: 30, invoke: handler.invoke })];
    const { response } = await call('slow');
    expect(response).toMatchObject({
      result: { content: [{ type: 'text', text: 'Tool timed out after 30 ms' }], isError: true },
    });
    expect(handler.calls[0]?.signal.aborted).toBe(true);
    expect(h.audit.finished).toEqual([expect.objectContaining({ outcome: 'timeout' })]);
  });

  it('should abort on notifications/cancelled and send no response', async () => {
    const handler = spyHandler(never);
    h.registry.toolList = [fakeTool('slow', { invoke: handler.invoke })];
    const session = await h.openSession();
    const ctx = h.context(session);
    const pending = h.request(ctx, 'tools/call', { name: 'slow' }, 'req-1');
    await vi.waitFor(() => expect(handler.calls).toHaveLength(1));
    const cancel = {
      jsonrpc: '2.0' as const,
      method: 'notifications/cancelled',
      params: { requestId: 'req-1' },
    };
    await expect(h.dispatcher.dispatch(cancel, ctx)).resolves.toBeUndefined();
    await expect(pending).resolves.toBeUndefined();
    expect(handler.calls[0]?.signal.aborted).toBe(true);
    expect(h.audit.finished).toEqual([expect.objectContaining({ outcome: 'cancelled' })]);
  });

  it('should treat the transport abandoning a request (2026-07-28 stream closed) as a cancel', async () => {
    const handler = spyHandler(never);
    h.registry.toolList = [fakeTool('slow', { invoke: handler.invoke })];
    const transport = new AbortController();
    const ctx = h.context(undefined, { signal: transport.signal });
    const pending = h.request(ctx, 'tools/call', { name: 'slow' });
    await vi.waitFor(() => expect(handler.calls).toHaveLength(1));
    transport.abort();
    await expect(pending).resolves.toBeUndefined();
    expect(handler.calls[0]?.signal.aborted).toBe(true);
    expect(h.audit.finished).toEqual([expect.objectContaining({ outcome: 'cancelled' })]);
  });

  it('should not let another session, or an id of another type, cancel a request', async () => {
    const handler = spyHandler(never);
    h.registry.toolList = [fakeTool('slow', { invoke: handler.invoke })];
    const ctx = h.context(await h.openSession());
    const pending = h.request(ctx, 'tools/call', { name: 'slow' }, 7);
    await vi.waitFor(() => expect(handler.calls).toHaveLength(1));
    const intruder = h.context(await h.openSession(principal('mallory')));
    await h.dispatcher.dispatch(
      { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 7 } },
      intruder,
    );
    await h.dispatcher.dispatch(
      { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: '7' } },
      ctx,
    );
    expect(handler.calls[0]?.signal.aborted).toBe(false);
    await h.dispatcher.dispatch(
      { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 7 } },
      ctx,
    );
    await expect(pending).resolves.toBeUndefined();
  });

  it('should mask a handler failure but pass a McpToolError message through', async () => {
    h.registry.toolList = [
      fakeTool('crash', { invoke: () => Promise.reject(new Error('SELECT * FROM secrets')) }),
      fakeTool('refuse', { invoke: () => Promise.reject(new McpToolError('Ticket 42 is closed')) }),
    ];
    const crash = await call('crash');
    const text = `Tool execution failed (correlationId: ${crash.ctx.correlationId})`;
    expect(crash.response).toMatchObject({
      result: { content: [{ type: 'text', text }], isError: true },
    });
    expect(JSON.stringify(crash.response)).not.toContain('secrets');
    const refuse = await call('refuse');
    expect(refuse.response).toMatchObject({
      result: { content: [{ type: 'text', text: 'Ticket 42 is closed' }], isError: true },
    });
  });

  it('should treat structuredContent violating the output schema as -32603 with a correlation id', async () => {
    h.registry.toolList = [
      fakeTool('typed', {
        invoke: () => Promise.resolve({ ...ok(), structuredContent: { n: 'x' } }),
        validateOutput: (value) => ((value as { n: unknown }).n === 1 ? undefined : '/n must be 1'),
      }),
    ];
    const { ctx, response } = await call('typed');
    expect((response as JsonRpcErrorResponse).error).toEqual({
      code: JsonRpcErrorCode.InternalError,
      message: 'Internal error',
      data: { correlationId: ctx.correlationId },
    });
    expect(h.audit.finished).toEqual([expect.objectContaining({ outcome: 'internal_error' })]);
  });

  it('should replace an output over the size limit with an isError result', async () => {
    h.registry.toolList = [
      fakeTool('big', { invoke: () => Promise.resolve(ok('x'.repeat(4096))) }),
    ];
    const { response } = await call('big');
    expect(response).toMatchObject({ result: { isError: true } });
    expect(JSON.stringify(response).length).toBeLessThan(1024);
  });
});

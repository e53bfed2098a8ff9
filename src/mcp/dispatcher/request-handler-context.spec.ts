import { Logger } from '@nestjs/common';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { createCoreHarness, type CoreHarness } from '../../../test/support/mcp-core.harness.js';
import { fakeTool } from '../../../test/support/mcp-core.fakes.js';
import type { McpHandlerContext } from '../../protocol/context/handler-context.js';
import { JsonRpcErrorCode } from '../../protocol/json-rpc/json-rpc-error-codes.js';
import type { JsonObject, JsonRpcRequest } from '../../protocol/json-rpc/json-rpc.types.js';
import { RequestHandlerContext } from './request-handler-context.js';

const ok: JsonObject = { content: [{ type: 'text', text: 'ok' }] };

describe(RequestHandlerContext.name, () => {
  let h: CoreHarness;
  let run: (context: McpHandlerContext) => Promise<JsonObject>;
  let kept: McpHandlerContext | undefined;

  beforeEach(async () => {
    h = await createCoreHarness();
    kept = undefined;
    h.registry.toolList = [
      fakeTool('probe', {
        invoke: (_args, context) => {
          kept = context;
          return run(context);
        },
      }),
    ];
    vi.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
  });

  afterEach(async () => {
    vi.restoreAllMocks();
    await h.close();
  });

  describe('reportProgress', () => {
    it.each(['tok-1', 42])(
      'should echo the progress token %j exactly and drop stale values',
      async (token) => {
        run = (context) => {
          context.reportProgress(1, 10, 'starting');
          context.reportProgress(1);
          context.reportProgress(0.5);
          context.reportProgress(2.5, 10);
          return Promise.resolve(ok);
        };
        const ctx = h.context(await h.openSession());
        await h.request(ctx, 'tools/call', { name: 'probe', _meta: { progressToken: token } });
        expect(ctx.sink.messages).toEqual([
          {
            jsonrpc: '2.0',
            method: 'notifications/progress',
            params: { progressToken: token, progress: 1, total: 10, message: 'starting' },
          },
          {
            jsonrpc: '2.0',
            method: 'notifications/progress',
            params: { progressToken: token, progress: 2.5, total: 10 },
          },
        ]);
        kept?.reportProgress(99);
        expect(ctx.sink.messages).toHaveLength(2);
      },
    );

    it('should send nothing without a progress token, and no message field on 2024-11-05', async () => {
      run = (context) => {
        context.reportProgress(1, 2, 'half');
        return Promise.resolve(ok);
      };
      const ctx = h.context(await h.openSession());
      await h.request(ctx, 'tools/call', { name: 'probe' });
      expect(ctx.sink.messages).toEqual([]);
      const old = h.context(await h.openSession(h.alice, { version: '2024-11-05' }));
      await h.request(old, 'tools/call', { name: 'probe', _meta: { progressToken: 't' } });
      expect(old.sink.messages).toEqual([
        {
          jsonrpc: '2.0',
          method: 'notifications/progress',
          params: { progressToken: 't', progress: 1, total: 2 },
        },
      ]);
    });
  });

  describe('log', () => {
    beforeEach(() => {
      run = (context) => {
        context.log.debug('d');
        context.log.warning({ w: 1 });
        context.log.log('error', 'e', 'db');
        return Promise.resolve(ok);
      };
    });

    it('should send nothing to the client until a level is set, then at or above it', async () => {
      const session = await h.openSession();
      const silent = h.context(session);
      await h.request(silent, 'tools/call', { name: 'probe' });
      expect(silent.sink.messages).toEqual([]);
      await h.request(h.context(session), 'logging/setLevel', { level: 'warning' });
      const ctx = h.context(session);
      await h.request(ctx, 'tools/call', { name: 'probe' });
      expect(ctx.sink.messages.map((m) => ('params' in m ? m.params : undefined))).toEqual([
        { level: 'warning', data: { w: 1 } },
        { level: 'error', logger: 'db', data: 'e' },
      ]);
      expect(Logger.prototype.debug).toHaveBeenCalledWith(
        expect.objectContaining({ level: 'debug', data: 'd' }),
      );
    });

    it('should follow only the request logLevel on 2026-07-28', async () => {
      const stateless = h.context(undefined);
      await h.request(stateless, 'tools/call', { name: 'probe' });
      expect(stateless.sink.messages).toEqual([]);
      const debug = h.context(undefined, { logLevel: 'debug' });
      await h.request(debug, 'tools/call', { name: 'probe' });
      expect(debug.sink.messages).toHaveLength(3);
    });
  });

  describe('requestInput', () => {
    beforeEach(() => {
      run = async (context) => {
        const roots = await context.requestInput('roots', 'roots/list', {});
        return { content: [{ type: 'text', text: JSON.stringify(roots) }] };
      };
    });

    it('should ask the client over the request sink and resume with its answer', async () => {
      const session = await h.openSession(h.alice, { capabilities: { roots: {} } });
      const ctx = h.context(session);
      const pending = h.request(ctx, 'tools/call', { name: 'probe' });
      await vi.waitFor(() => expect(ctx.sink.messages).toHaveLength(1));
      const outbound = ctx.sink.messages[0] as JsonRpcRequest;
      expect(outbound).toMatchObject({ jsonrpc: '2.0', method: 'roots/list', params: {} });
      await h.dispatcher.dispatch(
        { jsonrpc: '2.0', id: outbound.id, result: { roots: [] } },
        h.context(session),
      );
      await expect(pending).resolves.toMatchObject({
        result: { content: [{ type: 'text', text: '{"roots":[]}' }] },
      });
    });

    it('should fail the tool clearly when the client lacks the capability', async () => {
      const ctx = h.context(await h.openSession());
      await expect(h.request(ctx, 'tools/call', { name: 'probe' })).resolves.toMatchObject({
        result: {
          content: [{ type: 'text', text: 'The client does not support roots/list' }],
          isError: true,
        },
      });
      expect(ctx.sink.messages).toEqual([]);
    });

    it('should ask for the missing client capability with -32021 on 2026-07-28', async () => {
      const response = await h.request(h.context(undefined), 'tools/call', { name: 'probe' });
      expect(response).toMatchObject({
        error: { code: JsonRpcErrorCode.MissingRequiredClientCapability },
      });
    });
  });
});

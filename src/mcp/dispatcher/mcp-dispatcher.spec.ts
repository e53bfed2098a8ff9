import { Logger } from '@nestjs/common';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { createCoreHarness, type CoreHarness } from '../../../test/support/mcp-core.harness.js';
import {
  OPEN,
  RecordingSink,
  fakePrompt,
  fakeResource,
  fakeTool,
  principal,
} from '../../../test/support/mcp-core.fakes.js';
import { JsonRpcErrorCode } from '../json-rpc/json-rpc-error-codes.js';
import { httpStatusOf } from '../json-rpc/json-rpc-responses.js';
import type { JsonRpcErrorResponse, JsonRpcResponse } from '../json-rpc/json-rpc.types.js';
import { McpDispatcher } from './mcp-dispatcher.js';

const ADMIN_ONLY = { ...OPEN, roles: ['admin'] };

function errorOf(response: JsonRpcResponse | undefined): JsonRpcErrorResponse['error'] {
  if (response === undefined || !('error' in response)) {
    throw new Error(`expected an error, got ${JSON.stringify(response)}`);
  }
  return response.error;
}

function resultOf(response: JsonRpcResponse | undefined): Record<string, unknown> {
  if (response === undefined || !('result' in response)) {
    throw new Error(`expected a result, got ${JSON.stringify(response)}`);
  }
  return response.result;
}

describe(McpDispatcher.name, () => {
  let h: CoreHarness;

  beforeEach(async () => {
    h = await createCoreHarness({ MCP_PAGE_SIZE: '2' });
  });

  afterEach(() => h.close());

  describe('initialize', () => {
    it('should negotiate, open a session and answer the InitializeResult', async () => {
      const { response, session } = await h.dispatcher.initialize(
        {
          jsonrpc: '2.0',
          id: 1,
          method: 'initialize',
          params: {
            protocolVersion: '2025-06-18',
            capabilities: {},
            clientInfo: { name: 'c', version: '1' },
          },
        },
        h.alice,
        'streamable-http',
        new RecordingSink(),
      );
      expect(resultOf(response)).toMatchObject({ protocolVersion: '2025-06-18' });
      expect(session).toMatchObject({ subject: 'alice', protocolVersion: '2025-06-18' });
      expect(h.repository.records.size).toBe(1);
    });

    it('should refuse a non-string version with -32602 and open no session', async () => {
      const { response, session } = await h.dispatcher.initialize(
        {
          jsonrpc: '2.0',
          id: 1,
          method: 'initialize',
          params: { protocolVersion: 1, clientInfo: { name: 'c', version: '1' } },
        },
        h.alice,
        'stdio',
        new RecordingSink(),
      );
      expect(errorOf(response)).toMatchObject({
        code: JsonRpcErrorCode.InvalidParams,
        data: { requested: 1, supported: expect.any(Array) },
      });
      expect(session).toBeUndefined();
      expect(h.repository.records.size).toBe(0);
    });

    it('should answer a second initialize on a session with -32600', async () => {
      const session = await h.openSession();
      expect(errorOf(await h.request(h.context(session), 'initialize', {})).code).toBe(
        JsonRpcErrorCode.InvalidRequest,
      );
    });
  });

  describe('routing', () => {
    it('should answer ping with {} even before notifications/initialized', async () => {
      const session = await h.openSession();
      expect(session.initialized).toBe(false);
      expect(resultOf(await h.request(h.context(session), 'ping'))).toEqual({});
    });

    it('should mark the session initialized on notifications/initialized', async () => {
      const session = await h.openSession();
      const ctx = h.context(session);
      await expect(
        h.dispatcher.dispatch({ jsonrpc: '2.0', method: 'notifications/initialized' }, ctx),
      ).resolves.toBeUndefined();
      expect(session.initialized).toBe(true);
    });

    it('should answer an unknown method with -32601', async () => {
      const session = await h.openSession();
      const response = await h.request(h.context(session), 'tools/destroy');
      expect(errorOf(response)).toEqual({
        code: JsonRpcErrorCode.MethodNotFound,
        message: 'Method not found: tools/destroy',
      });
    });

    it.each(['ping', 'logging/setLevel', 'resources/subscribe'])(
      'should answer %s with -32601 and HTTP 404 on 2026-07-28',
      async (method) => {
        const response = await h.request(h.context(undefined), method, {});
        expect(errorOf(response).code).toBe(JsonRpcErrorCode.MethodNotFound);
        expect(httpStatusOf(response as JsonRpcErrorResponse)).toBe(404);
      },
    );

    it('should ignore posted responses that match no request', async () => {
      const session = await h.openSession();
      await expect(
        h.dispatcher.dispatch({ jsonrpc: '2.0', id: 's-99', result: {} }, h.context(session)),
      ).resolves.toBeUndefined();
    });
  });

  describe('lists', () => {
    beforeEach(() => {
      h.registry.toolList = ['a', 'b', 'c', 'd', 'e'].map((name) =>
        fakeTool(name, name === 'b' || name === 'd' ? { access: ADMIN_ONLY } : {}),
      );
    });

    it('should page through the visible tools only', async () => {
      const ctx = h.context(await h.openSession());
      const first = resultOf(await h.request(ctx, 'tools/list'));
      expect((first.tools as { name: string }[]).map((tool) => tool.name)).toEqual(['a', 'c']);
      expect(typeof first.nextCursor).toBe('string');
      const second = resultOf(
        await h.request(ctx, 'tools/list', { cursor: first.nextCursor as string }),
      );
      expect((second.tools as { name: string }[]).map((tool) => tool.name)).toEqual(['e']);
      expect(second).not.toHaveProperty('nextCursor');
    });

    it('should show hidden tools to a principal whose roles allow them', async () => {
      const admin = principal('root', { roles: ['admin'] });
      const ctx = h.context(await h.openSession(admin), { principal: admin });
      const first = resultOf(await h.request(ctx, 'tools/list'));
      expect((first.tools as { name: string }[]).map((tool) => tool.name)).toEqual(['a', 'b']);
    });

    it('should refuse an invalid cursor with -32602', async () => {
      const ctx = h.context(await h.openSession());
      const response = await h.request(ctx, 'tools/list', { cursor: 'bogus' });
      expect(errorOf(response)).toEqual({
        code: JsonRpcErrorCode.InvalidParams,
        message: 'Invalid cursor',
      });
    });

    it('should list resources and prompts with the same filter', async () => {
      h.registry.resourceList = [fakeResource('file:///a'), fakeResource('file:///b', ADMIN_ONLY)];
      h.registry.promptList = [fakePrompt('hidden', [], ADMIN_ONLY), fakePrompt('greet')];
      const ctx = h.context(await h.openSession());
      expect(resultOf(await h.request(ctx, 'resources/list'))).toEqual({
        resources: [{ uri: 'file:///a', name: 'file:///a' }],
      });
      expect(resultOf(await h.request(ctx, 'prompts/list'))).toEqual({
        prompts: [{ name: 'greet' }],
      });
      expect(resultOf(await h.request(ctx, 'resources/templates/list'))).toEqual({
        resourceTemplates: [],
      });
    });
  });

  describe('resources', () => {
    beforeEach(() => {
      h.registry.resourceList = [
        fakeResource('file:///a'),
        fakeResource('file:///secret', ADMIN_ONLY),
      ];
    });

    it('should read a visible resource', async () => {
      const ctx = h.context(await h.openSession());
      expect(resultOf(await h.request(ctx, 'resources/read', { uri: 'file:///a' }))).toEqual({
        contents: [{ uri: 'file:///a', text: 'content' }],
      });
    });

    it('should answer unknown and hidden alike: -32002 in legacy, -32602 in 2026-07-28', async () => {
      const legacy = h.context(await h.openSession());
      for (const uri of ['file:///nope', 'file:///secret']) {
        expect(errorOf(await h.request(legacy, 'resources/read', { uri }))).toEqual({
          code: JsonRpcErrorCode.ResourceNotFound,
          message: `Resource not found: ${uri}`,
          data: { uri },
        });
        expect(errorOf(await h.request(h.context(undefined), 'resources/read', { uri }))).toEqual({
          code: JsonRpcErrorCode.InvalidParams,
          message: `Resource not found: ${uri}`,
          data: { uri },
        });
      }
    });

    it('should keep subscriptions on the session, only for readable resources', async () => {
      const session = await h.openSession();
      const ctx = h.context(session);
      expect(resultOf(await h.request(ctx, 'resources/subscribe', { uri: 'file:///a' }))).toEqual(
        {},
      );
      expect(
        errorOf(await h.request(ctx, 'resources/subscribe', { uri: 'file:///secret' })).code,
      ).toBe(JsonRpcErrorCode.ResourceNotFound);
      expect([...session.resourceSubscriptions]).toEqual(['file:///a']);
      await h.request(ctx, 'resources/unsubscribe', { uri: 'file:///a' });
      expect(session.resourceSubscriptions.size).toBe(0);
    });

    it('should mask a failing read as -32603 with a correlation id and no internal text', async () => {
      h.registry.resourceList = [
        {
          ...fakeResource('file:///boom'),
          read: () => Promise.reject(new Error('ECONNREFUSED 10.0.0.7')),
        },
      ];
      const logged = vi.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
      const ctx = h.context(await h.openSession());
      const response = await h.request(ctx, 'resources/read', { uri: 'file:///boom' });
      expect(logged).toHaveBeenCalledWith(
        expect.stringContaining(ctx.correlationId),
        expect.stringContaining('ECONNREFUSED'),
      );
      logged.mockRestore();
      expect(errorOf(response)).toEqual({
        code: JsonRpcErrorCode.InternalError,
        message: 'Internal error',
        data: { correlationId: ctx.correlationId },
      });
      expect(JSON.stringify(response)).not.toContain('ECONNREFUSED');
    });
  });

  describe('prompts and completion', () => {
    beforeEach(() => {
      h.registry.promptList = [
        fakePrompt('greet', [{ name: 'who', required: true }, { name: 'tone' }]),
        fakePrompt('secret', [], ADMIN_ONLY),
      ];
    });

    it('should get a prompt with its arguments', async () => {
      const ctx = h.context(await h.openSession());
      const result = resultOf(
        await h.request(ctx, 'prompts/get', { name: 'greet', arguments: { who: 'Ann' } }),
      );
      expect(result.messages).toEqual([
        { role: 'user', content: { type: 'text', text: '{"who":"Ann"}' } },
      ]);
    });

    it('should answer unknown, hidden and missing-argument prompts with -32602', async () => {
      const ctx = h.context(await h.openSession());
      const unknown = errorOf(await h.request(ctx, 'prompts/get', { name: 'nope' }));
      const hidden = errorOf(await h.request(ctx, 'prompts/get', { name: 'secret' }));
      expect(unknown).toEqual({
        code: JsonRpcErrorCode.InvalidParams,
        message: 'Unknown prompt: nope',
      });
      expect(hidden).toEqual({
        code: JsonRpcErrorCode.InvalidParams,
        message: 'Unknown prompt: secret',
      });
      expect(errorOf(await h.request(ctx, 'prompts/get', { name: 'greet' }))).toEqual({
        code: JsonRpcErrorCode.InvalidParams,
        message: 'Missing required argument: who',
      });
    });

    it('should cap completion values at 100 with total and hasMore', async () => {
      const values = Array.from({ length: 150 }, (_, i) => `v${i}`);
      h.registry.completions = [
        {
          ref: { type: 'ref/prompt', name: 'greet' },
          argument: 'who',
          source: { className: 'C', methodName: 'm' },
          complete: () => Promise.resolve(values),
        },
      ];
      const ctx = h.context(await h.openSession());
      const ref = { type: 'ref/prompt', name: 'greet' };
      const result = resultOf(
        await h.request(ctx, 'completion/complete', { ref, argument: { name: 'who', value: 'v' } }),
      );
      expect(result.completion).toEqual({
        values: values.slice(0, 100),
        total: 150,
        hasMore: true,
      });
      const none = resultOf(
        await h.request(ctx, 'completion/complete', { ref, argument: { name: 'tone', value: '' } }),
      );
      expect(none.completion).toEqual({ values: [], total: 0, hasMore: false });
    });

    it('should refuse an unknown or hidden completion reference with -32602', async () => {
      const ctx = h.context(await h.openSession());
      for (const name of ['nope', 'secret']) {
        const response = await h.request(ctx, 'completion/complete', {
          ref: { type: 'ref/prompt', name },
          argument: { name: 'x', value: '' },
        });
        expect(errorOf(response)).toEqual({
          code: JsonRpcErrorCode.InvalidParams,
          message: 'Invalid params: unknown reference',
        });
      }
    });
  });

  describe('logging/setLevel', () => {
    it('should persist a valid level and answer {}', async () => {
      const session = await h.openSession();
      expect(
        resultOf(await h.request(h.context(session), 'logging/setLevel', { level: 'error' })),
      ).toEqual({});
      expect(session.logLevel).toBe('error');
      expect(h.repository.levels).toEqual([[session.id, 'error']]);
    });

    it('should refuse an invalid level with -32602 and change nothing', async () => {
      const session = await h.openSession();
      const response = await h.request(h.context(session), 'logging/setLevel', { level: 'loud' });
      expect(errorOf(response).code).toBe(JsonRpcErrorCode.InvalidParams);
      expect(session.logLevel).toBeUndefined();
      expect(h.repository.levels).toEqual([]);
    });
  });
});

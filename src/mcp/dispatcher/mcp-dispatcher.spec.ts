import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import {
  createCoreHarness,
  errorOf,
  resultOf,
  type CoreHarness,
} from '../../../test/support/mcp-core.harness.js';
import {
  OPEN,
  RecordingSink,
  fakePrompt,
  fakeResource,
  fakeTool,
  principal,
} from '../../../test/support/mcp-core.fakes.js';
import { JsonRpcErrorCode } from '../../protocol/json-rpc/json-rpc-error-codes.js';
import { httpStatusOf } from '../../protocol/json-rpc/json-rpc-responses.js';
import type { JsonRpcErrorResponse } from '../../protocol/json-rpc/json-rpc.types.js';
import { McpDispatcher } from './mcp-dispatcher.js';

const ADMIN_ONLY = { ...OPEN, roles: ['admin'] };

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

import { Logger } from '@nestjs/common';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import {
  createCoreHarness,
  errorOf,
  resultOf,
  type CoreHarness,
} from '../../../test/support/mcp-core.harness.js';
import { OPEN, fakeResource } from '../../../test/support/mcp-core.fakes.js';
import { JsonRpcErrorCode } from '../../protocol/json-rpc/json-rpc-error-codes.js';
import { ResourcesHandlers } from './resources.handlers.js';

const ADMIN_ONLY = { ...OPEN, roles: ['admin'] };

describe(ResourcesHandlers.name, () => {
  let h: CoreHarness;

  beforeEach(async () => {
    h = await createCoreHarness({ MCP_PAGE_SIZE: '2' });
  });

  afterEach(() => h.close());

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
      expect([...session.resourceSubscriptions.keys()]).toEqual(['file:///a']);
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
});

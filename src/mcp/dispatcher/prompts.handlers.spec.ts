import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import {
  createCoreHarness,
  errorOf,
  resultOf,
  type CoreHarness,
} from '../../../test/support/mcp-core.harness.js';
import { OPEN, fakePrompt } from '../../../test/support/mcp-core.fakes.js';
import { JsonRpcErrorCode } from '../../protocol/json-rpc/json-rpc-error-codes.js';
import { PromptsHandlers } from './prompts.handlers.js';

const ADMIN_ONLY = { ...OPEN, roles: ['admin'] };

describe(PromptsHandlers.name, () => {
  let h: CoreHarness;

  beforeEach(async () => {
    h = await createCoreHarness({ MCP_PAGE_SIZE: '2' });
  });

  afterEach(() => h.close());

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
});

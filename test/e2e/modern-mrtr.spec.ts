import { setTimeout as sleep } from 'node:timers/promises';

import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { postModern, validatingFetch, withMeta } from '../support/modern-http.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

type Json = Record<string, unknown>;

const ALL_INPUTS = {
  'io.modelcontextprotocol/clientCapabilities': { elicitation: {}, sampling: {}, roots: {} },
};
const ACCEPT_NAME = { action: 'accept', content: { name: 'Alice' } };

/**
 * Multi-round trips (SEP-2322) against the real app: one handler API (`ctx.requestInput`) that
 * answers `input_required` in 2026-07-28 and resumes from signed state on any instance.
 */
describe('2026-07-28 multi-round trips', () => {
  let app: TestApp;

  beforeAll(async () => {
    // A short state lifetime lets the suite see a state go stale.
    app = await startTestApp({
      env: { MCP_CONFORMANCE_FIXTURES: 'true', MCP_STATE_TTL_MS: '4000' },
    });
  });
  afterAll(async () => {
    await app?.close();
  });

  const call = (name: string, extra: Json = {}, args: Json = {}) =>
    postModern(app.url, 'tools/call', withMeta({ name, arguments: args, ...extra }, ALL_INPUTS));

  it('should ask, then complete on the retry that carries the answer and the state', async () => {
    const first = await call('test_input_required_result_elicitation');
    const asked = first.response?.['result'] as Json;
    expect(asked).toMatchObject({
      resultType: 'input_required',
      inputRequests: { user_name: { method: 'elicitation/create' } },
      requestState: expect.any(String),
    });
    expect(asked).not.toHaveProperty('ttlMs');
    const second = await call('test_input_required_result_elicitation', {
      inputResponses: { user_name: ACCEPT_NAME },
      requestState: asked['requestState'],
    });
    expect(second.response?.['error']).toBeUndefined();
    expect(second.response?.['result']).toMatchObject({
      resultType: 'complete',
      content: [{ type: 'text', text: 'Hello, Alice!' }],
    });
  });

  it('should carry earlier answers forward through two rounds', async () => {
    const round1 = (await call('test_input_required_result_multi_round')).response?.[
      'result'
    ] as Json;
    const round2 = (
      await call('test_input_required_result_multi_round', {
        inputResponses: { step1: ACCEPT_NAME },
        requestState: round1['requestState'],
      })
    ).response?.['result'] as Json;
    expect(round2).toMatchObject({ inputRequests: { step2: expect.any(Object) } });
    expect(round2['requestState']).not.toBe(round1['requestState']);
    const round3 = await call('test_input_required_result_multi_round', {
      inputResponses: { step2: { action: 'accept', content: { color: 'blue' } } },
      requestState: round2['requestState'],
    });
    expect(round3.response?.['result']).toMatchObject({
      content: [{ text: 'Multi-round complete: Alice likes blue' }],
    });
  });

  it('should ask for every input of one round at once', async () => {
    const { response } = await call('test_input_required_result_multiple_inputs');
    const requests = (response?.['result'] as Json)['inputRequests'] as Json;
    expect(Object.keys(requests).sort()).toEqual(['client_roots', 'greeting', 'user_name']);
  });

  it('should serve prompts/get through the same mechanism', async () => {
    const params = withMeta({ name: 'test_input_required_result_prompt' }, ALL_INPUTS);
    const asked = (await postModern(app.url, 'prompts/get', params)).response?.['result'] as Json;
    expect(asked['resultType']).toBe('input_required');
    const done = await postModern(app.url, 'prompts/get', {
      ...params,
      inputResponses: { user_context: { action: 'accept', content: { context: 'ops' } } },
      requestState: asked['requestState'],
    });
    expect(done.response?.['result']).toMatchObject({ resultType: 'complete', messages: [{}] });
  });

  describe('a forged, replayed or stale state is -32602 and runs nothing', () => {
    async function firstState(): Promise<string> {
      const { response } = await call('test_input_required_result_tampered_state');
      return (response?.['result'] as Json)['requestState'] as string;
    }
    const confirm = { confirm: { action: 'accept', content: { ok: true } } };

    it('tampered', async () => {
      const state = await firstState();
      const { response } = await call('test_input_required_result_tampered_state', {
        inputResponses: confirm,
        requestState: `${state}-TAMPERED`,
      });
      expect(response?.['error']).toMatchObject({
        code: -32602,
        data: { reason: 'invalid_request_state' },
      });
    });

    it('replayed on another tool or with other arguments', async () => {
      const state = await firstState();
      const otherTool = await call('test_input_required_result_request_state', {
        inputResponses: confirm,
        requestState: state,
      });
      expect(otherTool.response?.['error']).toMatchObject({ code: -32602 });
      const otherArgs = await call(
        'test_input_required_result_tampered_state',
        { inputResponses: confirm, requestState: state },
        { extra: 1 },
      );
      expect(otherArgs.response?.['error']).toMatchObject({ code: -32602 });
    });

    it('stale', async () => {
      const state = await firstState();
      await sleep(4100);
      const { response } = await call('test_input_required_result_tampered_state', {
        inputResponses: confirm,
        requestState: state,
      });
      expect(response?.['error']).toMatchObject({ code: -32602 });
    });

    it('malformed inputResponses', async () => {
      for (const inputResponses of [null, { user_name: 12345 }, []]) {
        const { response } = await call('test_input_required_result_elicitation', {
          inputResponses,
        });
        expect(response?.['error']).toMatchObject({ code: -32602 });
      }
    });
  });

  it('should only ask for what the client declared', async () => {
    const params = withMeta(
      { name: 'test_input_required_result_capabilities', arguments: {} },
      { 'io.modelcontextprotocol/clientCapabilities': { sampling: {} } },
    );
    const { response } = await postModern(app.url, 'tools/call', params);
    expect(Object.keys((response?.['result'] as Json)['inputRequests'] as Json)).toEqual([
      'greeting',
    ]);
  });

  describe('with the SDK v2 client', () => {
    it.each([
      ['auto', { mode: 'auto' as const }],
      ['pinned 2026-07-28', { mode: { pin: '2026-07-28' } }],
    ])(
      'should negotiate %s and fulfil input requests through its handlers',
      async (_m, negotiation) => {
        const problems: string[] = [];
        const client = new Client(
          { name: 'modern-e2e', version: '1.0.0' },
          { capabilities: { elicitation: {} }, versionNegotiation: negotiation },
        );
        client.setRequestHandler('elicitation/create', () =>
          Promise.resolve({ action: 'accept', content: { name: 'Sdk' } }),
        );
        await client.connect(
          new StreamableHTTPClientTransport(new URL(app.url), { fetch: validatingFetch(problems) }),
        );
        try {
          expect(client.getNegotiatedProtocolVersion()).toBe('2026-07-28');
          const { tools } = await client.listTools();
          expect(tools.map((tool) => tool.name)).toContain(
            'test_input_required_result_elicitation',
          );
          const result = await client.callTool({
            name: 'test_input_required_result_elicitation',
            arguments: {},
          });
          expect(result.content).toEqual([{ type: 'text', text: 'Hello, Sdk!' }]);
          const simple = await client.callTool({ name: 'test_simple_text', arguments: {} });
          expect(simple.isError).toBeFalsy();
        } finally {
          await client.close();
        }
        await sleep(50);
        expect(problems).toEqual([]);
      },
    );
  });
});

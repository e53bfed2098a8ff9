import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { CapabilityChanges } from '../../src/mcp/subscriptions/capability-changes.js';
import { SubscriptionHub } from '../../src/mcp/subscriptions/subscription-hub.js';
import { availableTiers } from '../support/database.js';
import {
  expectSchemaValid,
  postModern,
  standardHeaders,
  withMeta,
} from '../support/modern-http.js';
import { SseReader } from '../support/sse-reader.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { initializeRequest } from '../support/json-rpc-http.js';

const SUBSCRIPTION_ID = 'io.modelcontextprotocol/subscriptionId';

type Json = Record<string, unknown>;

/** Opens `subscriptions/listen` and returns the reader, positioned after the acknowledgement. */
async function listen(
  app: TestApp,
  notifications: Json,
  id: number,
): Promise<{ reader: SseReader; ack: Json; abort: AbortController }> {
  const params = withMeta({ notifications });
  const abort = new AbortController();
  const response = await fetch(app.url, {
    method: 'POST',
    headers: standardHeaders('subscriptions/listen', params),
    body: JSON.stringify({ jsonrpc: '2.0', id, method: 'subscriptions/listen', params }),
    signal: abort.signal,
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/event-stream');
  const reader = new SseReader(response);
  const ack = await reader.next();
  expectSchemaValid([ack], 'subscriptions/listen');
  return { reader, ack, abort };
}

const trigger = (app: TestApp, name: string) =>
  postModern(app.url, 'tools/call', withMeta({ name, arguments: {} }));

describe.each(availableTiers())(
  '2026-07-28 subscriptions/listen, across instances [%s]',
  (tier) => {
    let app: TestApp;
    let peer: TestApp | undefined;

    beforeAll(async () => {
      app = await startTestApp({ tier, env: { MCP_CONFORMANCE_FIXTURES: 'true' } });
      // On Postgres, a second instance on the same database shows LISTEN/NOTIFY fan-out.
      if (tier === 'postgres') {
        peer = await startTestApp({
          database: app.database,
          env: { MCP_CONFORMANCE_FIXTURES: 'true' },
        });
      }
    });
    afterAll(async () => {
      await peer?.close();
      await app?.close();
    });

    it('should acknowledge first, then deliver only the requested changes, tagged', async () => {
      const { reader, ack, abort } = await listen(
        app,
        {
          toolsListChanged: true,
          resourceSubscriptions: ['test://static-text', 'test://hidden-nowhere'],
        },
        41,
      );
      try {
        expect(ack).toEqual({
          jsonrpc: '2.0',
          method: 'notifications/subscriptions/acknowledged',
          params: {
            _meta: { [SUBSCRIPTION_ID]: 41 },
            // A URI the caller cannot read is not honoured.
            notifications: {
              toolsListChanged: true,
              resourceSubscriptions: ['test://static-text'],
            },
          },
        });
        await trigger(app, 'test_trigger_prompt_change');
        await trigger(app, 'test_trigger_tool_change');
        const changed = await reader.next();
        expect(changed).toEqual({
          jsonrpc: '2.0',
          method: 'notifications/tools/list_changed',
          params: { _meta: { [SUBSCRIPTION_ID]: 41 } },
        });
        await app.running.app.get(CapabilityChanges).resourceUpdated('test://static-text');
        const updated = await reader.next();
        expect(updated).toMatchObject({
          method: 'notifications/resources/updated',
          params: { uri: 'test://static-text', _meta: { [SUBSCRIPTION_ID]: 41 } },
        });
        expectSchemaValid([changed, updated], 'subscriptions/listen');
        await app.running.app.get(CapabilityChanges).resourceUpdated('test://static-binary');
        expect(await reader.nothingWithin(300)).toBe(true);
      } finally {
        abort.abort();
      }
    });

    it('should forget a stream as soon as the client closes it (the cancel)', async () => {
      const hub = app.running.app.get(SubscriptionHub);
      // The streams of earlier tests were closed by their clients too.
      await vi.waitFor(() => expect(hub.size).toBe(0));
      const { abort } = await listen(app, { toolsListChanged: true }, 71);
      expect(hub.size).toBe(1);
      abort.abort();
      await vi.waitFor(() => expect(hub.size).toBe(0));
    });

    it('should reject a malformed filter with -32602 and open nothing', async () => {
      const { response } = await postModern(
        app.url,
        'subscriptions/listen',
        withMeta({ notifications: { toolsListChanged: 'yes' } }),
      );
      expect(response?.['error']).toMatchObject({ code: -32602 });
    });

    it('should end the stream gracefully with a tagged result when the server drains', async () => {
      const { reader } = await listen(app, { promptsListChanged: true }, 61);
      // What the shutdown drain runs once in-flight requests are done.
      app.running.app.get(SubscriptionHub).endAll();
      const final = await reader.next();
      expect(final).toEqual({
        jsonrpc: '2.0',
        id: 61,
        result: {
          resultType: 'complete',
          _meta: {
            [SUBSCRIPTION_ID]: 61,
            'io.modelcontextprotocol/serverInfo': expect.any(Object),
          },
        },
      });
      expectSchemaValid([final], 'subscriptions/listen');
      await expect(reader.next(1000)).rejects.toThrow('stream ended');
    });

    it('should send list_changed to a legacy session on its GET stream', async () => {
      const init = await fetch(app.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json, text/event-stream',
        },
        body: JSON.stringify(initializeRequest({ id: 1, client: 'l' })),
      });
      const sessionId = init.headers.get('mcp-session-id') ?? '';
      const legacy = { 'Mcp-Session-Id': sessionId, 'MCP-Protocol-Version': '2025-11-25' };
      await fetch(app.url, {
        method: 'POST',
        headers: {
          ...legacy,
          'Content-Type': 'application/json',
          Accept: 'application/json, text/event-stream',
        },
        body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
      });
      const abort = new AbortController();
      const stream = await fetch(app.url, {
        headers: { ...legacy, Accept: 'text/event-stream' },
        signal: abort.signal,
      });
      const reader = new SseReader(stream);
      try {
        await trigger(app, 'test_trigger_tool_change');
        let message = await reader.next();
        // A priming or replayed event may come first on resumable streams.
        while (message['method'] !== 'notifications/tools/list_changed')
          message = await reader.next();
        expect(message).toEqual({ jsonrpc: '2.0', method: 'notifications/tools/list_changed' });
      } finally {
        abort.abort();
      }
    });

    it.runIf(tier === 'postgres')('should deliver a change made on another instance', async () => {
      const { reader, abort } = await listen(app, { promptsListChanged: true }, 51);
      try {
        await trigger(peer as TestApp, 'test_trigger_prompt_change');
        expect(await reader.next()).toMatchObject({
          method: 'notifications/prompts/list_changed',
          params: { _meta: { [SUBSCRIPTION_ID]: 51 } },
        });
      } finally {
        abort.abort();
      }
    });

    it.runIf(tier === 'postgres')(
      'should verify on one instance a state minted by another',
      async () => {
        const caps = { 'io.modelcontextprotocol/clientCapabilities': { elicitation: {} } };
        const params = withMeta(
          { name: 'test_input_required_result_elicitation', arguments: {} },
          caps,
        );
        const asked = (await postModern(app.url, 'tools/call', params)).response?.[
          'result'
        ] as Json;
        const { response } = await postModern((peer as TestApp).url, 'tools/call', {
          ...params,
          inputResponses: { user_name: { action: 'accept', content: { name: 'Bob' } } },
          requestState: asked['requestState'],
        });
        expect(response?.['result']).toMatchObject({ content: [{ text: 'Hello, Bob!' }] });
      },
    );
  },
);

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { availableTiers } from '../support/database.js';
import { initializeRequest } from '../support/json-rpc-http.js';
import {
  callAndDropAfter,
  expectRestOfPacedStream,
  PACED_POSITIONS,
  resumeStream,
} from '../support/paced-stream.js';
import { expectHttpErrorBody } from '../support/schema-validator.js';
import { SseReader } from '../support/sse-reader.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const JSON_AND_SSE = 'application/json, text/event-stream';

interface SseEvent {
  readonly id?: string;
  readonly retry?: string;
  readonly data: string;
}

/** Parses a whole SSE body (the server ends these streams) into events. */
function eventsOf(body: string): SseEvent[] {
  return body
    .split('\n\n')
    .filter((block) => block.trim() !== '' && !block.startsWith(':'))
    .map((block) => {
      const fields = new Map<string, string>();
      for (const line of block.split('\n')) {
        const colon = line.indexOf(':');
        fields.set(line.slice(0, colon), line.slice(colon + 1).trimStart());
      }
      return { id: fields.get('id'), retry: fields.get('retry'), data: fields.get('data') ?? '' };
    });
}

async function openSession(app: TestApp, protocolVersion = '2025-11-25'): Promise<string> {
  const response = await fetch(app.url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: JSON_AND_SSE },
    body: JSON.stringify(initializeRequest({ protocolVersion })),
  });
  await response.text();
  const id = response.headers.get('mcp-session-id');
  if (id === null) throw new Error(`initialize failed: ${response.status}`);
  return id;
}

/** The headers of requests in `session`. */
function sessionHeaders(session: string, protocolVersion = '2025-11-25'): Record<string, string> {
  return {
    'Content-Type': 'application/json',
    Accept: JSON_AND_SSE,
    'Mcp-Session-Id': session,
    'MCP-Protocol-Version': protocolVersion,
  };
}

async function callReconnection(app: TestApp, session: string) {
  const response = await fetch(app.url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Accept: JSON_AND_SSE,
      'Mcp-Session-Id': session,
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: 'test_reconnection', arguments: {} },
    }),
  });
  return { response, events: eventsOf(await response.text()) };
}

async function resume(app: TestApp, session: string, lastEventId: string) {
  const response = await fetch(app.url, {
    headers: {
      Accept: 'text/event-stream',
      'Mcp-Session-Id': session,
      'Last-Event-ID': lastEventId,
    },
  });
  return { status: response.status, body: await response.text() };
}

describe('resumable Streamable HTTP streams', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ env: { MCP_CONFORMANCE_FIXTURES: 'true' } });
  });

  afterAll(async () => {
    await app?.close();
  });

  it('should prime a 2025-11-25 stream, close it mid-call and replay the result on GET', async () => {
    const session = await openSession(app);
    const { response, events } = await callReconnection(app, session);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(events).toHaveLength(1);
    const [priming] = events;
    expect(priming).toEqual({
      id: expect.stringMatching(/^[\w-]{12}:0$/),
      retry: '1000',
      data: '',
    });

    const resumed = await resume(app, session, priming?.id ?? '');
    expect(resumed.status).toBe(200);
    const replayed = eventsOf(resumed.body);
    expect(replayed).toHaveLength(1);
    expect(replayed[0]?.id).toBe(`${(priming?.id ?? '').split(':')[0]}:1`);
    expect(JSON.parse(replayed[0]?.data ?? '')).toMatchObject({
      id: 1,
      result: { content: [{ type: 'text', text: expect.stringContaining('Reconnection test') }] },
    });
  });

  it('should refuse a Last-Event-ID of another session and replay nothing', async () => {
    const owner = await openSession(app);
    const { events } = await callReconnection(app, owner);
    const intruder = await openSession(app);
    const refused = await resume(app, intruder, events[0]?.id ?? '');
    expect(refused.status).toBe(404);
    const body = JSON.parse(refused.body) as { error: { code: number } };
    expectHttpErrorBody(body);
    expect(body.error.code).toBe(-32001);
    expect(refused.body).not.toContain('Reconnection test');
  });

  it.each(['garbage', 'AAAAAAAAAAAA:1', ''])('should refuse the Last-Event-ID %j', async (id) => {
    const session = await openSession(app);
    expect((await resume(app, session, id)).status).toBe(404);
  });

  it('should not prime streams of sessions older than 2025-11-25', async () => {
    const session = await openSession(app, '2025-06-18');
    const { events } = await callReconnection(app, session);
    // Without priming there is no resumption point before the result: the stream stays open.
    expect(events.map((event) => event.id)).toEqual([expect.stringMatching(/^[\w-]{12}:1$/)]);
    expect(events[0]?.data).toContain('Reconnection test');
  });

  it.each(PACED_POSITIONS)(
    'should resume a call dropped after event %i with the rest of its stream',
    async (lastRead) => {
      const headers = sessionHeaders(await openSession(app));
      const lastEventId = await callAndDropAfter(app.url, headers, lastRead);
      const resumed = await resumeStream(app.url, headers, lastEventId);
      expect(resumed.status).toBe(200);
      expectRestOfPacedStream(resumed.events, lastRead);
    },
  );

  it('should let the SDK v1 client resume the closed stream by itself', async () => {
    const client = new Client({ name: 'resume-e2e', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(app.url)));
    try {
      const result = await client.callTool({ name: 'test_reconnection', arguments: {} });
      expect(JSON.stringify(result.content)).toContain('Reconnection test completed');
    } finally {
      await client.close();
    }
  });
});

describe.runIf(availableTiers().includes('postgres'))('resumption on another instance', () => {
  let first: TestApp;
  let second: TestApp;

  beforeAll(async () => {
    first = await startTestApp({ tier: 'postgres', env: { MCP_CONFORMANCE_FIXTURES: 'true' } });
    second = await startTestApp({
      database: first.database,
      env: { MCP_CONFORMANCE_FIXTURES: 'true', MCP_MAX_STREAMS_PER_SESSION: '1' },
    });
  });

  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  it('should replay from Postgres when the client reconnects to another instance', async () => {
    const session = await openSession(first);
    const { events } = await callReconnection(first, session);
    // The client waits `retry` before reconnecting; the result is recorded meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const resumed = await resume(second, session, events[0]?.id ?? '');
    expect(resumed.status).toBe(200);
    expect(eventsOf(resumed.body).map((event) => JSON.parse(event.data))).toEqual([
      expect.objectContaining({ id: 1, result: expect.anything() }),
    ]);
  });

  it('should resume a 2025-06-18 stream (no priming event) mid-call on the other instance', async () => {
    const headers = sessionHeaders(await openSession(first, '2025-06-18'), '2025-06-18');
    const lastEventId = await callAndDropAfter(first.url, headers, 1);
    const resumed = await resumeStream(second.url, headers, lastEventId);
    expect(resumed.status).toBe(200);
    expectRestOfPacedStream(resumed.events, 1);
  });

  it('should count a followed stream against the session cap of the following instance', async () => {
    const headers = sessionHeaders(await openSession(first));
    const followed = await callAndDropAfter(first.url, headers, 0);
    const held = await fetch(second.url, {
      headers: { ...headers, Accept: 'text/event-stream', 'Last-Event-ID': followed },
    });
    expect(held.status).toBe(200);
    const other = await callAndDropAfter(first.url, headers, 0);

    const refused = await resumeStream(second.url, headers, other);
    expect(refused).toMatchObject({
      status: 429,
      rejection: { error: { code: -32004, data: { maxStreams: 1 } } },
    });
    // A GET has no request id to echo.
    expectHttpErrorBody(refused.rejection);
    // The first follow ends with its call, and gives its slot back.
    expectRestOfPacedStream(await new SseReader(held).rest(), 0);
    await expect
      .poll(async () => (await resumeStream(second.url, headers, other)).status)
      .toBe(200);
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { httpFetch } from './http-fetch.js';
import { LOG_RELAY_HEADER, relayRequestLogs } from './request-log-relay.js';

const RESPONSE = '{"jsonrpc":"2.0","id":7,"result":{"content":[{"type":"text","text":"é"}]}}';
const PROGRESS = '{"jsonrpc":"2.0","method":"notifications/progress","params":{"progress":1}}';
const LOG =
  '{"jsonrpc":"2.0","method":"notifications/message","params":{"level":"info","data":"x"}}';

/** Each answer is written in the chunks listed, 5 ms apart, then the stream ends. */
const answers = new Map<string, readonly string[]>([
  ['/response', [`id: 1\ndata: ${RESPONSE}\n\n`]],
  // Split inside the event, and inside the two bytes of "é": the reader must wait for the end.
  ['/split', [`data: ${RESPONSE.slice(0, 60)}`, `${RESPONSE.slice(60)}\r\n\r\n`]],
  ['/primed', ['id: 0\ndata:\n\n', `: comment\n\nid: 1\nevent: message\ndata: ${RESPONSE}\n\n`]],
  ['/progress-first', [`data: ${PROGRESS}\n\n`, `data: ${RESPONSE}\n\n`]],
  ['/retry', [`retry: 100\ndata: ${RESPONSE}\n\n`]],
  ['/named', [`event: custom\ndata: ${RESPONSE}\n\n`]],
  ['/unanswered', ['id: 0\ndata:\n\n']],
  ['/logged', [`data: ${PROGRESS}\n\ndata: ${LOG}\n\n`, `data: ${LOG}\n\ndata: ${RESPONSE}\n\n`]],
]);

/** The request headers the server saw last. */
let lastHeaders: Record<string, unknown> = {};

let server: Server;
let origin: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    lastHeaders = request.headers;
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8' });
      const chunks = [...(answers.get(request.url ?? '') ?? [])].map((chunk) => Buffer.from(chunk));
      const utf8 = Buffer.concat(chunks);
      // `/split` is sent cut in the middle of the two bytes of "é".
      const parts =
        request.url === '/split'
          ? [utf8.subarray(0, utf8.indexOf(0xc3) + 1), utf8.subarray(utf8.indexOf(0xc3) + 1)]
          : chunks;
      const next = (index: number) => {
        if (index === parts.length) return void response.end();
        response.write(parts[index]);
        setTimeout(() => next(index + 1), 5);
      };
      next(0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const post = (path: string) =>
  httpFetch(`${origin}${path}`, { method: 'POST', redirect: 'manual', body: '{}' });

describe('an event stream answering a POST', () => {
  it.each(['/response', '/split', '/primed'])(
    'should be handed over as JSON when its first message is the response (%s)',
    async (path) => {
      const response = await post(path);

      expect(response.headers.get('content-type')).toBe('application/json');
      expect(await response.json()).toEqual(JSON.parse(RESPONSE));
    },
  );

  it.each(['/progress-first', '/retry', '/named', '/unanswered'])(
    'should be handed over untouched otherwise (%s)',
    async (path) => {
      const response = await post(path);

      expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      expect(await response.text()).toBe(answers.get(path)?.join(''));
    },
  );

  it("should relay the log messages on a request's stream, the relay header never sent", async () => {
    const logged: unknown[] = [];
    const relay = relayRequestLogs((params) => logged.push(params));
    const response = await httpFetch(`${origin}/logged`, {
      method: 'POST',
      redirect: 'manual',
      headers: { ...relay.headers, 'x-kept': 'yes' },
      body: '{}',
    });

    expect(await response.text()).toBe(answers.get('/logged')?.join(''));
    expect(logged).toEqual([
      { level: 'info', data: 'x' },
      { level: 'info', data: 'x' },
    ]);
    expect(lastHeaders).toMatchObject({ 'x-kept': 'yes' });
    expect(Object.keys(lastHeaders)).not.toContain(LOG_RELAY_HEADER);
    relay.release();
  });

  it('should be left a stream when it answers a GET', async () => {
    const response = await httpFetch(`${origin}/response`, { method: 'GET', redirect: 'manual' });

    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(await response.text()).toBe(answers.get('/response')?.join(''));
  });
});

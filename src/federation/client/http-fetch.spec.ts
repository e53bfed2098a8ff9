import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { httpFetch } from './http-fetch.js';

type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void;

const routes = new Map<string, Handler>([
  [
    '/echo',
    (request, body, response) => {
      response.setHeader('content-type', 'application/json');
      response.setHeader('x-seen', String(request.headers['x-custom']));
      response.end(JSON.stringify({ method: request.method, body }));
    },
  ],
  ['/empty', (_request, _body, response) => response.writeHead(204).end()],
  ['/moved', (_request, _body, response) => response.writeHead(307, { location: '/echo' }).end()],
  [
    '/stream',
    (_request, _body, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: one\n\n');
      setTimeout(() => response.end('data: two\n\n'), 20);
    },
  ],
  ['/hang', (_request, _body, response) => response.writeHead(200).write('partial')],
]);

let server: Server;
let origin: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => routes.get(request.url ?? '')?.(request, body, response));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('httpFetch', () => {
  it('should send the method, headers and text body and return status, headers and body', async () => {
    const response = await httpFetch(`${origin}/echo`, {
      method: 'POST',
      redirect: 'manual',
      headers: new Headers({ 'x-custom': 'yes', 'content-type': 'application/json' }),
      body: '{"jsonrpc":"2.0"}',
    });

    expect(response.status).toBe(200);
    expect(response.headers.get('x-seen')).toBe('yes');
    expect(await response.json()).toEqual({ method: 'POST', body: '{"jsonrpc":"2.0"}' });
  });

  it('should answer a bodiless status with a null body', async () => {
    const response = await httpFetch(`${origin}/empty`, { method: 'POST', redirect: 'manual' });

    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
  });

  it('should hand a redirect back unfollowed when asked for manual redirects', async () => {
    const response = await httpFetch(`${origin}/moved`, { method: 'GET', redirect: 'manual' });

    expect(response.status).toBe(307);
    expect(response.headers.get('location')).toBe('/echo');
  });

  it('should leave a request that follows redirects to the global fetch', async () => {
    const response = await httpFetch(`${origin}/moved`, { method: 'GET' });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ method: 'GET', body: '' });
  });

  it('should stream the body as it arrives', async () => {
    const response = await httpFetch(`${origin}/stream`, { method: 'GET', redirect: 'manual' });
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();

    expect((await reader.read()).value).toBe('data: one\n\n');
    expect((await reader.read()).value).toBe('data: two\n\n');
    expect((await reader.read()).done).toBe(true);
  });

  it('should fail the body when the signal aborts mid-response', async () => {
    const controller = new AbortController();
    const response = await httpFetch(`${origin}/hang`, {
      method: 'GET',
      redirect: 'manual',
      signal: controller.signal,
    });
    const text = response.text();
    controller.abort();

    await expect(text).rejects.toThrow();
  });

  it('should reject when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));

    await expect(
      httpFetch(`http://127.0.0.1:${port}/`, { method: 'GET', redirect: 'manual' }),
    ).rejects.toThrow(/ECONNREFUSED/);
  });
});

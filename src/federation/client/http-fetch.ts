import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';

import type { FetchLike } from '@modelcontextprotocol/client';

import { takeRequestLogListener, type RequestLogListener } from './request-log-relay.js';
import { readSseAnswer } from './sse-answer.js';

/**
 * Kept-alive sockets shared by every upstream of this process, as the global `fetch` shares its
 * connection pool; unbounded per host, so concurrent calls never queue for a socket.
 */
const agents = {
  'http:': new HttpAgent({ keepAlive: true }),
  'https:': new HttpsAgent({ keepAlive: true }),
};

/**
 * The `fetch` the upstream HTTP transports send their MCP requests with: the same request on a
 * plain `node:http(s)` client. Under load, the global `fetch` (undici's WHATWG implementation)
 * cost about half of the upstream client's CPU per proxied call (docs/federation-client.md
 * "Performance"); this path skips its Request/Headers/controller machinery and hands the SDK
 * the same `Response`, except that an event stream answering a POST with nothing but the
 * response is handed over as that response in JSON (`readSseAnswer`). It serves only what it reproduces exactly: a request that does not follow
 * redirects (the SDK asks for `redirect: 'manual'` on its endpoint requests and follows them
 * itself, within the origin) with a text body or none. Anything else (a request that follows
 * redirects, a form body on the OAuth side) goes to the global `fetch`.
 */
export const httpFetch: FetchLike = (url, init) => {
  const target = new URL(url);
  const protocol = target.protocol;
  const body = init?.body;
  const headers = Object.fromEntries(new Headers(init?.headers));
  const onLog = takeRequestLogListener(headers);
  const served =
    init?.redirect === 'manual' &&
    (protocol === 'http:' || protocol === 'https:') &&
    (body === undefined || body === null || typeof body === 'string');
  if (!served) return fetch(url, { ...init, headers });
  return new Promise<Response>((resolve, reject) => {
    const send = protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(
      target,
      {
        method: init.method ?? 'GET',
        headers,
        agent: agents[protocol],
        ...(init.signal ? { signal: init.signal } : {}),
      },
      (response) => {
        toResponse(response, init.method, onLog).then(resolve, (error: unknown) => {
          // A status `Response` refuses (outside 200–599): the request failed, as in `fetch`.
          response.destroy();
          reject(error instanceof Error ? error : new Error(String(error)));
        });
      },
    );
    request.on('error', reject);
    request.end(body ?? undefined);
  });
};

async function toResponse(
  response: IncomingMessage,
  method: string | undefined,
  onLog: RequestLogListener | undefined,
): Promise<Response> {
  const headers = new Headers();
  const raw = response.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) headers.append(raw[i] ?? '', raw[i + 1] ?? '');
  const status = response.statusCode ?? 502;
  const init = { status, statusText: response.statusMessage ?? '', headers };
  // A null-body status or a HEAD answer carries no body (Fetch standard, "null body status").
  if (status === 204 || status === 205 || status === 304 || method === 'HEAD') {
    response.resume();
    return new Response(null, init);
  }
  if (method === 'POST' && status === 200 && isEventStream(headers)) {
    const answer = await readSseAnswer(response, onLog);
    if (answer.kind === 'response') {
      headers.set('content-type', 'application/json');
      return new Response(answer.json, init);
    }
    return new Response(Readable.toWeb(answer.body) as ReadableStream<Uint8Array>, init);
  }
  return new Response(Readable.toWeb(response) as ReadableStream<Uint8Array>, init);
}

function isEventStream(headers: Headers): boolean {
  return headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() === 'text/event-stream';
}

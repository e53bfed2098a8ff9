import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { BearerChallenges } from '../../auth/jwt/bearer-challenges.js';
import { loadConfig } from '../../config/app-config.js';
import { JsonRpcErrorCode } from '../../protocol/json-rpc/json-rpc-error-codes.js';
import { errorResponse, successResponse } from '../../protocol/json-rpc/json-rpc-responses.js';
import { ErrorStatusMapper } from '../http/error-status.mapper.js';
import { SseHeartbeat } from '../http/sse-heartbeat.js';
import { PostResponder } from './post-responder.js';

const PROGRESS = {
  jsonrpc: '2.0',
  method: 'notifications/progress',
  params: { progressToken: 1, progress: 50 },
} as const;

describe(PostResponder.name, () => {
  const heartbeat = new SseHeartbeat();
  const errorStatus = new ErrorStatusMapper(new BearerChallenges(loadConfig({ PORT: '3000' })));
  let server: Server;
  let url: string;
  let script: (sut: PostResponder) => Promise<void> | void;

  beforeAll(async () => {
    server = createServer((_req, res: ServerResponse) => {
      const sut = new PostResponder(res, heartbeat, errorStatus);
      void Promise.resolve(script(sut)).finally(() => sut.release());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });

  afterEach(() => expect(heartbeat.size).toBe(0));

  afterAll(async () => {
    heartbeat.onModuleDestroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  async function run(steps: typeof script) {
    script = steps;
    const response = await fetch(url, { method: 'POST' });
    return { response, body: await response.text() };
  }

  it('should answer JSON when the response comes before any related message', async () => {
    const { response, body } = await run((sut) => sut.respond(successResponse(1, { ok: true })));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(body)).toEqual({ jsonrpc: '2.0', id: 1, result: { ok: true } });
  });

  it('should switch to SSE at the first related message and end after the response', async () => {
    const { response, body } = await run((sut) => {
      expect(sut.send(PROGRESS)).toBe(true);
      sut.respond(successResponse(1, {}));
      expect(sut.send(PROGRESS)).toBe(false);
    });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    expect(body).toBe(
      `event: message\ndata: ${JSON.stringify(PROGRESS)}\n\n` +
        'event: message\ndata: {"jsonrpc":"2.0","id":1,"result":{}}\n\n',
    );
  });

  it('should open the stream with a keep-alive comment when a heartbeat finds the call running', async () => {
    const { response, body } = await run(async (sut) => {
      heartbeat.beat();
      await new Promise((resolve) => setTimeout(resolve, 10));
      sut.respond(successResponse('a', {}));
    });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(body).toBe(
      ': keep-alive\n\nevent: message\ndata: {"jsonrpc":"2.0","id":"a","result":{}}\n\n',
    );
  });

  it('should give a step-up 403 its insufficient_scope challenge', async () => {
    const { response, body } = await run((sut) =>
      sut.respond(
        errorResponse(
          7,
          {
            code: JsonRpcErrorCode.Unauthorized,
            message: 'Insufficient scope',
            data: { requiredScopes: ['files:read', 'files:write'] },
          },
          403,
        ),
      ),
    );
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toBe(
      'Bearer resource_metadata="http://127.0.0.1:3000/.well-known/oauth-protected-resource/mcp", ' +
        'error="insufficient_scope", scope="files:read files:write"',
    );
    expect(JSON.parse(body).error.code).toBe(JsonRpcErrorCode.Unauthorized);
  });

  it.each([
    [429, { retryAfterSeconds: 7 }, '7'],
    [503, undefined, '1'],
  ])('should answer %i with Retry-After %s', async (status, data, retryAfter) => {
    const { response } = await run((sut) =>
      sut.respond(errorResponse(1, { code: -32004, message: 'slow down', data }, status)),
    );
    expect(response.status).toBe(status);
    expect(response.headers.get('retry-after')).toBe(retryAfter);
  });

  it('should send an error as an event of the 200 stream once streaming started', async () => {
    const { response, body } = await run((sut) => {
      sut.send(PROGRESS);
      sut.respond(errorResponse(1, { code: -32003, message: 'audit log unavailable' }, 503));
    });
    expect(response.status).toBe(200);
    expect(body).toContain('"code":-32003');
  });

  it('should end an empty stream for a cancelled request', async () => {
    const { response, body } = await run((sut) => sut.respond(undefined));
    expect(response.status).toBe(200);
    expect(body).toBe('');
  });

  it('should answer a batch as one JSON array, or as events once streaming', async () => {
    const responses = [successResponse(1, {}), successResponse(2, {})];
    const json = await run((sut) => sut.respondBatch(responses));
    expect(JSON.parse(json.body)).toEqual(responses);
    const sse = await run((sut) => {
      sut.send(PROGRESS);
      sut.respondBatch(responses);
    });
    expect(sse.body.match(/event: message/g)).toHaveLength(3);
  });
});

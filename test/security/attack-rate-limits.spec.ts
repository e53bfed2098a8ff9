import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { AttackHarness, type HttpAnswer, NOTHING } from './support/attack-harness.js';
import { initializeRequest } from '../support/json-rpc-http.js';
import { expectHttpErrorBody } from '../support/schema-validator.js';

const PER_PRINCIPAL = 6;
const PER_TOOL = 2;
const SESSIONS = 2;

/**
 * Bursts against the rate limits and caps (docs/security.md "Limits"): 429 with `Retry-After` and a
 * JSON-RPC error body, nothing executed or written for the refused requests, other principals
 * unaffected.
 */
describe('attack suite: rate limits and caps', () => {
  let h: AttackHarness;

  beforeAll(async () => {
    h = await AttackHarness.start({
      MCP_RATE_LIMIT_PER_PRINCIPAL: String(PER_PRINCIPAL),
      MCP_RATE_LIMIT_PER_TOOL: String(PER_TOOL),
      MCP_MAX_SESSIONS_PER_PRINCIPAL: String(SESSIONS),
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  /** `id`: the request's, when the limit was hit after its body was read. */
  function expect429(answer: HttpAnswer, id?: number): void {
    expect(answer.status).toBe(429);
    expect(Number(answer.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expectHttpErrorBody(answer.json, id);
    expect(answer.json.error?.code).toBe(-32004);
  }

  it('throttles a burst of one principal with 429 + Retry-After, and no one else', async () => {
    const token = h.token();
    const sessionId = await h.openSession(token);
    // initialize and notifications/initialized took two of the principal's tokens.
    for (let i = 2; i < PER_PRINCIPAL; i++) {
      expect((await h.request(token, sessionId, 'ping')).status).toBe(200);
    }
    let answer: HttpAnswer | undefined;
    const changes = await h.changesBy(async () => {
      answer = await h.request(token, sessionId, 'tools/call', {
        name: 'echo',
        arguments: { message: 'one too many' },
      });
    });
    expect429(answer as HttpAnswer);
    expect(answer?.json.error).toEqual({
      code: -32004,
      message: 'Rate limit exceeded',
      data: { retryAfterSeconds: Number(answer?.headers['retry-after']) },
    });
    expect(changes).toEqual(NOTHING);
    const other = h.token();
    expect((await h.request(other, await h.openSession(other), 'ping')).status).toBe(200);
  });

  it('throttles calls of one tool across principals, before the audit row and the handler', async () => {
    const callers = await Promise.all(
      Array.from({ length: PER_TOOL + 1 }, async () => {
        const token = h.token();
        return { token, sessionId: await h.openSession(token) };
      }),
    );
    const call = (caller: (typeof callers)[number]): Promise<HttpAnswer> =>
      h.request(
        caller.token,
        caller.sessionId,
        'tools/call',
        {
          name: 'current_time',
          arguments: {},
        },
        9,
      );
    for (const caller of callers.slice(0, PER_TOOL)) expect((await call(caller)).status).toBe(200);
    let answer: HttpAnswer | undefined;
    const changes = await h.changesBy(async () => {
      answer = await call(callers[PER_TOOL]!);
    });
    expect429(answer as HttpAnswer, 9);
    expect(changes).toEqual({ ...NOTHING, dispatched: 1 });
  });

  it('caps the sessions of one principal (429, data.maxSessions) without creating one', async () => {
    const token = h.token();
    for (let i = 0; i < SESSIONS; i++) await h.openSession(token);
    let answer: HttpAnswer | undefined;
    const changes = await h.changesBy(async () => {
      answer = await h.post(JSON.stringify(initializeRequest({ client: 'x' })), {
        authorization: `Bearer ${token}`,
      });
    });
    expect429(answer as HttpAnswer, 0);
    expect(answer?.json.error?.data).toEqual({ maxSessions: SESSIONS });
    expect(changes).toEqual({ ...NOTHING, initialized: 1 });
  });
});

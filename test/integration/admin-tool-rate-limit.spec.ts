import { afterAll, beforeAll, expect, it } from 'vitest';

import {
  adminRequest,
  authEnv,
  type ConnectedClient,
  connectClient,
  tokenFor,
} from '../support/admin-http.js';
import { describeEachDatabase } from '../support/database.js';
import { startJwksServer, type TestJwksServer } from '../support/jwks-server.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const POLICY_RATE = 2;

interface CallAnswer {
  readonly status: number;
  readonly retryAfter: string | null;
  readonly body: { error?: { code: number } };
}

/**
 * A tool policy's `rateLimitPerMinute` sizes that tool's bucket instead of MCP_RATE_LIMIT_PER_TOOL,
 * live from the moment of the PATCH; other tools keep the default.
 */
describeEachDatabase('tool policy rate limit', (tier) => {
  let jwks: TestJwksServer;
  let app: TestApp;
  let admin: string;
  let caller: string;
  let client: ConnectedClient;
  let nextId = 1;

  /** One `tools/call` over raw HTTP, to see the status and `Retry-After` of a refusal. */
  const callTool = async (name: string, args: Record<string, unknown>): Promise<CallAnswer> => {
    const response = await fetch(app.url, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${caller}`,
        'Content-Type': 'application/json',
        Accept: 'application/json, text/event-stream',
        'Mcp-Session-Id': client.transport.sessionId ?? '',
        'MCP-Protocol-Version': '2025-11-25',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: nextId++,
        method: 'tools/call',
        params: { name, arguments: args },
      }),
    });
    const text = await response.text();
    const json = text.startsWith('{') ? text : (/^data: ?(.*)$/m.exec(text)?.[1] ?? '{}');
    return {
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      body: JSON.parse(json) as CallAnswer['body'],
    };
  };

  beforeAll(async () => {
    jwks = await startJwksServer();
    app = await startTestApp({ tier, env: authEnv(jwks) });
    admin = tokenFor(jwks, 'root', ['admin']);
    caller = tokenFor(jwks, 'alice', ['analyst'], { azp: 'agent-a' });
    client = await connectClient(app.url, caller);
  });

  afterAll(async () => {
    await client?.close();
    await app?.close();
    await jwks?.close();
  });

  it('should refuse calls beyond the policy rate with 429 + Retry-After, other tools unaffected', async () => {
    const echo = { message: 'hi' };
    for (let i = 0; i < POLICY_RATE + 1; i++)
      expect((await callTool('echo', echo)).status).toBe(200);

    const patched = await adminRequest(app.origin, 'PATCH', '/admin/api/tools/echo', admin, {
      expectedRevision: 0,
      rateLimitPerMinute: POLICY_RATE,
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ policy: { rateLimitPerMinute: POLICY_RATE } });

    // The full default bucket shrinks to the new capacity at once: POLICY_RATE calls pass.
    const answers: CallAnswer[] = [];
    for (let i = 0; i < POLICY_RATE + 1; i++) answers.push(await callTool('echo', echo));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 429]);
    const refused = answers[POLICY_RATE] as CallAnswer;
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(refused.body.error?.code).toBe(-32004);

    for (let i = 0; i < POLICY_RATE + 2; i++) {
      expect((await callTool('current_time', {})).status).toBe(200);
    }
  });

  it('should return to the default rate when the policy rate is cleared', async () => {
    const cleared = await adminRequest(app.origin, 'PATCH', '/admin/api/tools/echo', admin, {
      expectedRevision: 1,
      rateLimitPerMinute: null,
    });
    expect(cleared.status).toBe(200);
    for (let i = 0; i < POLICY_RATE + 2; i++) {
      expect((await callTool('echo', { message: 'again' })).status).toBe(200);
    }
  });
});

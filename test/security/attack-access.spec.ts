import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { AttackHarness, type HttpAnswer, NOTHING } from './support/attack-harness.js';

/**
 * Authorization attacks with valid tokens: role escalation, probing hidden tools, scope gaps and
 * session hijacking (docs/security.md "Hidden versus revealed denials"; spec security best
 * practices "Session hijacking").
 */
describe('attack suite: authorization and sessions', () => {
  let h: AttackHarness;

  beforeAll(async () => {
    h = await AttackHarness.start();
  });
  afterAll(async () => {
    await h?.close();
  });

  async function session(claims: Readonly<Record<string, unknown>> = {}) {
    const token = h.token(claims);
    return { token, id: await h.openSession(token) };
  }

  const toolNames = (answer: HttpAnswer): string[] =>
    ((answer.json.result as { tools: { name: string }[] }).tools ?? []).map((tool) => tool.name);

  it('hides admin_echo from tools/list of a non-admin, and lists it for an admin', async () => {
    const analyst = await session({ roles: ['analyst'] });
    const admin = await session({ roles: ['admin'] });
    expect(toolNames(await h.request(analyst.token, analyst.id, 'tools/list'))).not.toContain(
      'admin_echo',
    );
    expect(toolNames(await h.request(admin.token, admin.id, 'tools/list'))).toContain('admin_echo');
  });

  it('answers a hidden tool byte for byte like a nonexistent one, and runs nothing', async () => {
    const analyst = await session({ roles: ['analyst'] });
    let hidden: HttpAnswer | undefined;
    let missing: HttpAnswer | undefined;
    const changes = await h.changesBy(async () => {
      hidden = await h.request(analyst.token, analyst.id, 'tools/call', {
        name: 'admin_echo',
        arguments: { message: 'hi' },
      });
      missing = await h.request(analyst.token, analyst.id, 'tools/call', {
        name: 'zzzzzzzzzz',
        arguments: { message: 'hi' },
      });
    });
    expect(hidden?.status).toBe(200);
    expect(hidden?.status).toBe(missing?.status);
    expect(hidden?.body.replace('admin_echo', 'NAME')).toBe(
      missing?.body.replace('zzzzzzzzzz', 'NAME'),
    );
    expect(hidden?.json.error).toEqual({ code: -32602, message: 'Unknown tool: admin_echo' });
    expect(changes).toEqual({ ...NOTHING, dispatched: 2 });
  });

  it('does not take roles from a string claim (roles must be an array)', async () => {
    const sneaky = await session({ roles: 'admin' });
    const changes = await h.changesBy(async () => {
      const answer = await h.request(sneaky.token, sneaky.id, 'tools/call', {
        name: 'admin_echo',
        arguments: { message: 'hi' },
      });
      expect(answer.json.error).toEqual({ code: -32602, message: 'Unknown tool: admin_echo' });
    });
    expect(changes.toolRuns).toBe(0);
    expect(changes.auditRows).toBe(0);
  });

  it('does not take roles from scopes (scope "admin" is not role admin)', async () => {
    const sneaky = await session({ scope: 'admin compute' });
    const answer = await h.request(sneaky.token, sneaky.id, 'tools/call', {
      name: 'admin_echo',
      arguments: { message: 'hi' },
    });
    expect(answer.json.error).toEqual({ code: -32602, message: 'Unknown tool: admin_echo' });
  });

  it('answers a scope gap with 403 insufficient_scope naming the scope, and runs nothing', async () => {
    const user = await session();
    let answer: HttpAnswer | undefined;
    const changes = await h.changesBy(async () => {
      answer = await h.request(user.token, user.id, 'tools/call', {
        name: 'hash_chain',
        arguments: { text: 'a', rounds: 1 },
      });
    });
    expect(answer?.status).toBe(403);
    const challenge = String(answer?.headers['www-authenticate']);
    expect(challenge).toMatch(/^Bearer /);
    expect(challenge).toContain('error="insufficient_scope"');
    expect(challenge).toContain('scope="compute"');
    expect(challenge).toMatch(
      /resource_metadata="http:\/\/127\.0\.0\.1:\d+\/\.well-known\/oauth-protected-resource\/mcp"/,
    );
    expect(answer?.json).toEqual({
      jsonrpc: '2.0',
      id: 1,
      error: { code: -32005, message: 'Insufficient scope', data: { requiredScopes: ['compute'] } },
    });
    expect(changes).toEqual({ ...NOTHING, dispatched: 1 });
  });

  it('runs the isolated tool in its worker once the scope is granted (control)', async () => {
    const user = await session({ scope: 'compute' });
    const changes = await h.changesBy(async () => {
      const answer = await h.request(user.token, user.id, 'tools/call', {
        name: 'hash_chain',
        arguments: { text: 'abc', rounds: 1 },
      });
      expect(answer.json.result).toMatchObject({
        structuredContent: {
          digest: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
          rounds: 1,
        },
      });
    });
    // hash_chain is read-only: one audit row (docs/architecture.md "The audit contract").
    expect(changes).toMatchObject({ toolRuns: 1, auditRows: 1 });
  });

  describe('sessions bound to their principal', () => {
    it('answers a POST in another subject’s session 404, like an unknown session', async () => {
      const alice = await session();
      const mallory = h.token();
      let answer: HttpAnswer | undefined;
      const changes = await h.changesBy(async () => {
        answer = await h.request(mallory, alice.id, 'tools/call', {
          name: 'echo',
          arguments: { message: 'hi' },
        });
      });
      expect(answer?.status).toBe(404);
      // The body was read before the session was looked up: the answer echoes the request id.
      expect(answer?.json).toEqual({
        jsonrpc: '2.0',
        id: 1,
        error: { code: -32001, message: 'Session not found' },
      });
      expect(changes).toEqual(NOTHING);
    });

    it('refuses DELETE of another subject’s session with 404 and keeps the session', async () => {
      const alice = await session();
      const answer = await h.send('DELETE', '/mcp', {
        authorization: `Bearer ${h.token()}`,
        'mcp-session-id': alice.id,
      });
      expect(answer.status).toBe(404);
      expect(answer.json.error?.code).toBe(-32001);
      const stillThere = await h.request(alice.token, alice.id, 'ping');
      expect(stillThere.status).toBe(200);
    });

    it('refuses a GET stream on another subject’s session with 404', async () => {
      const alice = await session();
      const answer = await h.send('GET', '/mcp', {
        authorization: `Bearer ${h.token()}`,
        accept: 'text/event-stream',
        'mcp-session-id': alice.id,
      });
      expect(answer.status).toBe(404);
      expect(answer.json.error?.code).toBe(-32001);
    });

    it('answers a guessed and a malformed session id 404 alike', async () => {
      const token = h.token();
      for (const id of ['00000000-0000-4000-8000-000000000000', "' OR 1=1 --"]) {
        const changes = await h.changesBy(async () => {
          const answer = await h.request(token, id, 'ping');
          expect(answer.status).toBe(404);
          expect(answer.json.error).toEqual({ code: -32001, message: 'Session not found' });
        });
        expect(changes).toEqual(NOTHING);
      }
    });

    it('mints session ids from a CSPRNG (UUID v4, never repeated)', async () => {
      const ids = await Promise.all([1, 2, 3].map(() => h.openSession(h.token())));
      for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab]/);
      expect(new Set(ids).size).toBe(3);
    });
  });
});

import { afterEach, describe, expect, it } from 'vitest';

import { upstreamClientFactory } from '../../../src/federation/client/upstream-client.js';
import { DEFAULT_UPSTREAM_CLIENT_OPTIONS } from '../../../src/federation/client/upstream-client.options.js';
import {
  UpstreamUnavailableError,
  type UpstreamAuth,
  type UpstreamClient,
} from '../../../src/federation/client/upstream-client.types.js';
import { startHttpUpstream, type HttpUpstream } from '../../support/upstream/http-upstream.js';
import {
  startTokenEndpoint,
  type TestTokenEndpoint,
} from '../../support/upstream/token-endpoint.js';

const CLIENT = { clientId: 'gateway', clientSecret: 's3cret:&' };
const opts = (subjectToken?: string) => ({
  signal: new AbortController().signal,
  retryable: false,
  ...(subjectToken === undefined ? {} : { subjectToken }),
});

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp(
  auth: (tokenUrl: string) => UpstreamAuth,
  settings: Partial<typeof DEFAULT_UPSTREAM_CLIENT_OPTIONS> = {},
  transport: 'streamable-http' | 'sse' = 'streamable-http',
  expiresIn?: number,
): Promise<{ tokens: TestTokenEndpoint; upstream: HttpUpstream; client: UpstreamClient }> {
  const tokens = await startTokenEndpoint({
    ...CLIENT,
    ...(expiresIn === undefined ? {} : { expiresIn }),
    refuseSubject: (subject) => subject === 'mallory-token',
  });
  cleanups.push(() => tokens.close());
  const upstream = await startHttpUpstream({ acceptAuthorization: (h) => tokens.accepts(h) });
  cleanups.push(() => upstream.close());
  const client = upstreamClientFactory({ ...DEFAULT_UPSTREAM_CLIENT_OPTIONS, ...settings })({
    name: 'secured',
    transport,
    url: transport === 'sse' ? upstream.sseUrl : upstream.url,
    auth: auth(tokens.url),
    requestTimeoutMs: 5_000,
  });
  cleanups.push(() => client.close());
  return { tokens, upstream, client };
}

describe('upstream credentials: OAuth client credentials (RFC 6749 §4.4)', () => {
  it('should get one token for the upstream as the RFC 8707 resource and reuse it', async () => {
    const { tokens, upstream, client } = await setUp((tokenUrl) => ({
      type: 'client-credentials',
      tokenUrl,
      ...CLIENT,
      scope: 'tools:call',
    }));
    await client.catalogue(opts());
    await Promise.all([client.callTool('echo', {}, opts()), client.callTool('echo', {}, opts())]);
    expect(tokens.requests).toEqual([
      { grant_type: 'client_credentials', resource: upstream.url, scope: 'tools:call' },
    ]);
    const [token] = [...tokens.issued.keys()];
    expect(new Set(upstream.events.authorizations)).toEqual(new Set([`Bearer ${token}`]));
  });

  it('should fetch a new token shortly before the old one expires', async () => {
    const { tokens, client } = await setUp(
      (tokenUrl) => ({ type: 'client-credentials', tokenUrl, ...CLIENT }),
      { tokenSkewMs: 1_500 },
      'streamable-http',
      2,
    );
    await client.callTool('echo', {}, opts());
    expect(tokens.requests).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 600));
    await client.callTool('echo', {}, opts());
    expect(tokens.requests).toHaveLength(2);
  });

  it('should get a new token when the upstream refuses the cached one (401)', async () => {
    const { tokens, client } = await setUp((tokenUrl) => ({
      type: 'client-credentials',
      tokenUrl,
      ...CLIENT,
    }));
    await client.callTool('echo', {}, opts());
    tokens.revokeAll();
    const result = await client.callTool('echo', { after: 'revocation' }, opts());
    expect(result.structuredContent).toEqual({ after: 'revocation' });
    expect(tokens.requests).toHaveLength(2);
  });

  it('should report a refused client as unavailable, naming the OAuth error, not the secret', async () => {
    const { client } = await setUp((tokenUrl) => ({
      type: 'client-credentials',
      tokenUrl,
      clientId: 'gateway',
      clientSecret: 'wrong',
    }));
    const error = await client.callTool('echo', {}, opts()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamUnavailableError);
    expect((error as Error).message).toMatch(/invalid_client/);
    expect((error as Error).message).not.toMatch(/wrong/);
  });
});

describe.each(['streamable-http', 'sse'] as const)(
  'upstream credentials: RFC 8693 token exchange over %s',
  (transport) => {
    const exchange = (tokenUrl: string): UpstreamAuth => ({
      type: 'token-exchange',
      tokenUrl,
      ...CLIENT,
      audience: 'upstream-api',
    });

    it("should send each caller's exchanged token upstream and never the caller's own", async () => {
      const { tokens, upstream, client } = await setUp(exchange, {}, transport);
      await client.catalogue(opts());
      await client.callTool('echo', { who: 'alice' }, opts('alice-token'));
      await client.callTool('echo', { who: 'bob' }, opts('bob-token'));
      await client.callTool('echo', { who: 'alice' }, opts('alice-token'));

      const exchanges = tokens.requests.filter((form) => form.subject_token !== undefined);
      expect(exchanges).toEqual([
        expect.objectContaining({
          grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
          subject_token: 'alice-token',
          subject_token_type: 'urn:ietf:params:oauth:token-type:access_token',
          requested_token_type: 'urn:ietf:params:oauth:token-type:access_token',
          audience: 'upstream-api',
          resource: transport === 'sse' ? upstream.sseUrl : upstream.url,
        }),
        expect.objectContaining({ subject_token: 'bob-token' }),
      ]);
      const seen = upstream.events.authorizations;
      expect(
        seen.some((header) => header.includes('alice-token') || header.includes('bob-token')),
      ).toBe(false);
      const subjects = seen.map(
        (header) => tokens.issued.get(header.replace('Bearer ', ''))?.subjectToken,
      );
      expect(subjects).toContain('alice-token');
      expect(subjects).toContain('bob-token');
      expect(seen.every((header) => tokens.accepts(header))).toBe(true);
    });

    it('should keep a bounded number of exchanged tokens, least recently used out', async () => {
      const { tokens, client } = await setUp(exchange, { exchangeCacheSize: 2 }, transport);
      for (const subject of ['a', 'b', 'a', 'c', 'a', 'b']) {
        await client.callTool('echo', {}, opts(`${subject}-token`));
      }
      const exchanged = tokens.requests.flatMap((form) => form.subject_token ?? []);
      // a, b; a cached; c evicts b; a cached; b again
      expect(exchanged).toEqual(['a-token', 'b-token', 'c-token', 'b-token']);
    });

    it('should refuse a caller the token endpoint refuses, without failing the upstream', async () => {
      const { client } = await setUp(exchange, {}, transport);
      await client.callTool('echo', {}, opts('alice-token'));
      const error = await client
        .callTool('echo', {}, opts('mallory-token'))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UpstreamUnavailableError);
      expect((error as Error).message).toMatch(/invalid_grant/);
      expect(client.health().state).toBe('up');
      await client.callTool('echo', {}, opts('alice-token'));
    });
  },
);

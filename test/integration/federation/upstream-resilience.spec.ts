import { afterEach, describe, expect, it } from 'vitest';

import { upstreamClientFactory } from '../../../src/federation/client/upstream-client.js';
import {
  DEFAULT_UPSTREAM_CLIENT_OPTIONS,
  type UpstreamClientOptions,
} from '../../../src/federation/client/upstream-client.options.js';
import {
  UpstreamUnavailableError,
  type UpstreamClient,
  type UpstreamState,
} from '../../../src/federation/client/upstream-client.types.js';
import { startHttpUpstream, type HttpUpstream } from '../../support/upstream/http-upstream.js';

const opts = (retryable = false) => ({ signal: new AbortController().signal, retryable });

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp(
  settings: Partial<UpstreamClientOptions>,
  requestTimeoutMs = 5_000,
): Promise<{ upstream: HttpUpstream; client: UpstreamClient; states: UpstreamState[] }> {
  const upstream = await startHttpUpstream();
  cleanups.push(() => upstream.close());
  const client = upstreamClientFactory({ ...DEFAULT_UPSTREAM_CLIENT_OPTIONS, ...settings })({
    name: 'fragile',
    transport: 'streamable-http',
    url: upstream.url,
    auth: { type: 'none' },
    requestTimeoutMs,
  });
  cleanups.push(() => client.close());
  const states: UpstreamState[] = [];
  client.onHealthChange((health) => states.push(health.state));
  return { upstream, client, states };
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => e,
  );

describe('upstream circuit breaker', () => {
  it('should open after consecutive failures, fail fast, then close on a successful probe', async () => {
    const { upstream, client, states } = await setUp({ breakerFailures: 3, breakerOpenMs: 600 });
    await client.callTool('echo', {}, opts());
    await upstream.stop();
    for (let n = 0; n < 3; n += 1) {
      expect(await failure(client.callTool('echo', {}, opts()))).toBeInstanceOf(
        UpstreamUnavailableError,
      );
    }
    expect(client.health()).toMatchObject({ state: 'circuit-open' });
    expect(client.health().lastError).toMatch(/circuit opened after 3 failures/);

    await upstream.start();
    const seenBefore = upstream.events.authorizations.length;
    const started = Date.now();
    const fast = await failure(client.callTool('echo', {}, opts()));
    expect(Date.now() - started).toBeLessThan(100);
    expect((fast as Error).message).toMatch(/circuit open after 3 consecutive failures/);
    expect(upstream.events.authorizations.length).toBe(seenBefore); // nothing reached it

    await new Promise((resolve) => setTimeout(resolve, 650));
    expect((await client.callTool('echo', { probe: 1 }, opts())).structuredContent).toEqual({
      probe: 1,
    });
    expect(client.health().state).toBe('up');
    expect(states).toEqual([
      'up',
      ...['down', 'connecting', 'down', 'connecting', 'down'], // three failed attempts
      'circuit-open',
      'connecting', // the probe
      'up',
    ]);
  });

  it('should open again when the probe fails', async () => {
    const { upstream, client } = await setUp({ breakerFailures: 1, breakerOpenMs: 300 });
    await client.callTool('echo', {}, opts());
    await upstream.stop();
    await failure(client.callTool('echo', {}, opts()));
    expect(client.health().state).toBe('circuit-open');
    await new Promise((resolve) => setTimeout(resolve, 350));
    const probe = await failure(client.callTool('echo', {}, opts()));
    expect((probe as Error).message).not.toMatch(/circuit open/); // the probe did try
    expect(client.health().state).toBe('circuit-open');
    expect(((await failure(client.callTool('echo', {}, opts()))) as Error).message).toMatch(
      /circuit open/,
    );
  });

  it('should count timeouts of a hanging upstream, and not the upstream answering with errors', async () => {
    const { client } = await setUp({ breakerFailures: 2, breakerOpenMs: 60_000 }, 300);
    for (let n = 0; n < 4; n += 1) {
      await failure(client.callTool('no_such_tool', {}, opts())); // a JSON-RPC error: it answers
      await client.callTool('fail', {}, opts()); // isError: it answers
    }
    expect(client.health().state).toBe('up');
    for (let n = 0; n < 2; n += 1) {
      expect(((await failure(client.callTool('hang', {}, opts()))) as Error).message).toMatch(
        /no answer within 300 ms/,
      );
    }
    expect(client.health().state).toBe('circuit-open');
    expect(((await failure(client.callTool('echo', {}, opts()))) as Error).message).toMatch(
      /circuit open/,
    );
  });
});

describe('upstream retries', () => {
  it('should retry a retryable request after a transport failure, and never a non-retryable one', async () => {
    const { upstream, client } = await setUp({ retryAttempts: 2, retryDelayMs: 10 });
    await client.callTool('echo', {}, opts());

    upstream.failNext(1);
    const refused = await failure(client.callTool('echo', { n: 1 }, opts(false)));
    expect(refused).toBeInstanceOf(UpstreamUnavailableError);
    expect((refused as Error).message).toMatch(/503/);

    upstream.failNext(2);
    const result = await client.callTool('echo', { n: 2 }, opts(true));
    expect(result.structuredContent).toEqual({ n: 2 });
    expect(upstream.events.calls.filter((call) => call.tool === 'echo')).toHaveLength(2);

    upstream.failNext(3); // more than the two retries
    expect(await failure(client.callTool('echo', { n: 3 }, opts(true)))).toBeInstanceOf(
      UpstreamUnavailableError,
    );
  });

  it('should not retry a timed-out request: it may still be running upstream', async () => {
    const { upstream, client } = await setUp({ retryAttempts: 2, retryDelayMs: 10 }, 300);
    await failure(client.callTool('hang', {}, opts(true)));
    expect(upstream.events.calls.filter((call) => call.tool === 'hang')).toHaveLength(1);
  });
});

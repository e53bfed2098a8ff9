import { ProtocolError } from '@modelcontextprotocol/client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { createUpstreamClient } from '../../../src/federation/client/upstream-client.js';
import {
  UpstreamUnavailableError,
  type UpstreamClient,
  type UpstreamEndpoint,
  type UpstreamHealth,
  type UpstreamNotification,
} from '../../../src/federation/client/upstream-client.types.js';
import { startHttpUpstream, type HttpUpstream } from '../../support/upstream/http-upstream.js';
import { startModernHttpUpstream } from '../../support/upstream/modern-upstream.js';
import { stdioUpstreamCommand } from '../../support/upstream/stdio-upstream-command.js';

const RESOURCES = [
  { uri: 'fixture://a', name: 'a', text: 'alpha' },
  { uri: 'fixture://b', name: 'b', text: 'beta' },
  { uri: 'fixture://c', name: 'c', text: 'gamma' },
];
const PROMPTS = [{ name: 'greet', description: 'Greets.', text: 'Hello' }];
const SPEC = { resources: RESOURCES, prompts: PROMPTS, pageSize: 2 };

const opts = (extra: Partial<Parameters<UpstreamClient['callTool']>[2]> = {}) => ({
  signal: new AbortController().signal,
  retryable: false,
  ...extra,
});

const clients: UpstreamClient[] = [];
function client(endpoint: Partial<UpstreamEndpoint> & Pick<UpstreamEndpoint, 'transport'>) {
  const created = createUpstreamClient({
    name: 'up',
    auth: { type: 'none' },
    requestTimeoutMs: 5_000,
    ...endpoint,
  });
  clients.push(created);
  return created;
}

function nextNotification(upstream: UpstreamClient, method: string): Promise<UpstreamNotification> {
  return new Promise((resolve) => {
    const off = upstream.onNotification((notification) => {
      if (notification.method !== method) return;
      off();
      resolve(notification);
    });
  });
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

let http: HttpUpstream;
beforeAll(async () => {
  http = await startHttpUpstream({ ...SPEC, name: 'http-fixture' });
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});
afterAll(async () => {
  await http.close();
});

describe.each([
  { transport: 'streamable-http' as const, endpoint: () => ({ url: http.url }) },
  { transport: 'sse' as const, endpoint: () => ({ url: http.sseUrl }) },
  { transport: 'stdio' as const, endpoint: () => stdioUpstreamCommand(SPEC) },
])('upstream client over $transport', ({ transport, endpoint }) => {
  it('should list every page of the catalogue and call tools on one reused connection', async () => {
    const upstream = client({ transport, ...(await endpoint()) });
    expect(upstream.health().state).toBe('connecting');
    const catalogue = await upstream.catalogue(opts());
    expect(catalogue.tools.map((tool) => tool.name)).toContain('set_description');
    expect(catalogue.tools).toHaveLength(7); // four pages of two
    expect(catalogue.resources.map((resource) => resource.uri)).toEqual(
      RESOURCES.map((r) => r.uri),
    );
    expect(catalogue.resourceTemplates).toHaveLength(1);
    expect(catalogue.prompts.map((prompt) => prompt.name)).toEqual(['greet']);
    expect(catalogue.protocolVersion).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(catalogue.serverInfo.name).toBe(
      transport === 'stdio' ? 'fixture-upstream' : 'http-fixture',
    );
    expect(upstream.health().state).toBe('up');

    const sessionsBefore = transport === 'stdio' ? 0 : http.sessionCount();
    const results = await Promise.all(
      [1, 2, 3].map((n) => upstream.callTool('echo', { n }, opts())),
    );
    expect(results.map((result) => result.structuredContent)).toEqual([
      { n: 1 },
      { n: 2 },
      { n: 3 },
    ]);
    if (transport !== 'stdio') expect(http.sessionCount()).toBe(sessionsBefore);

    const read = await upstream.readResource('fixture://b', opts());
    expect(read.contents).toEqual([{ uri: 'fixture://b', mimeType: 'text/plain', text: 'beta' }]);
    const prompt = await upstream.getPrompt('greet', { who: 'ann' }, opts());
    expect(JSON.stringify(prompt.messages)).toContain('Hello {\\"who\\":\\"ann\\"}');
  });

  it("should give the upstream's own errors as they are and tool errors as results", async () => {
    const upstream = client({ transport, ...(await endpoint()) });
    const failed = await upstream.callTool('fail', {}, opts());
    expect(failed.isError).toBe(true);
    const unknown = await upstream.callTool('nope', {}, opts()).catch((error: unknown) => error);
    expect(ProtocolError.isInstance(unknown)).toBe(true);
    expect((unknown as ProtocolError).code).toBe(-32602);
    expect(upstream.health().state).toBe('up');
  });

  it('should relay progress, and send notifications/cancelled upstream when the caller aborts', async () => {
    const upstream = client({ transport, ...(await endpoint()) });
    const progress: unknown[] = [];
    await upstream.callTool(
      'progress',
      {},
      opts({ onProgress: (params) => progress.push(params) }),
    );
    expect(progress).toEqual([
      { progress: 1, total: 3, message: 'step 1' },
      { progress: 2, total: 3, message: 'step 2' },
      { progress: 3, total: 3, message: 'step 3' },
    ]);

    const controller = new AbortController();
    const call = upstream.callTool('hang', {}, opts({ signal: controller.signal }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    controller.abort(new Error('the caller gave up'));
    await expect(call).rejects.toThrow('the caller gave up');
    await until(async () => {
      const events = await upstream.callTool('events', {}, opts());
      const cancelled = (events.structuredContent as { cancelled: unknown[] }).cancelled;
      return cancelled.length > 0;
    });
    expect(upstream.health().state).toBe('up');
  });

  it('should time out a request with UpstreamUnavailableError and keep the connection', async () => {
    const upstream = client({ transport, ...(await endpoint()), requestTimeoutMs: 1_000 });
    await upstream.callTool('echo', {}, opts());
    const error = await upstream.callTool('hang', {}, opts()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamUnavailableError);
    expect((error as Error).message).toMatch(/no answer within 1000 ms/);
    expect((await upstream.callTool('echo', { again: true }, opts())).structuredContent).toEqual({
      again: true,
    });
  });

  it('should pass on notifications the upstream sends outside any request', async () => {
    const upstream = client({ transport, ...(await endpoint()) });
    await upstream.catalogue(opts());
    const changed = nextNotification(upstream, 'notifications/tools/list_changed');
    await upstream.callTool(
      'set_description',
      { name: 'echo', description: 'Now different.' },
      opts(),
    );
    await changed;
    const catalogue = await upstream.catalogue(opts());
    expect(catalogue.tools.find((tool) => tool.name === 'echo')?.description).toBe(
      'Now different.',
    );
    await upstream.callTool(
      'set_description',
      { name: 'echo', description: 'Returns its arguments.' },
      opts(),
    );

    const logged = nextNotification(upstream, 'notifications/message');
    await upstream.callTool('log', { hello: 'world' }, opts());
    expect((await logged).params).toMatchObject({ level: 'info', data: { hello: 'world' } });
  });
});

describe('upstream client connection lifecycle', () => {
  it('should connect lazily, report the outage, and reconnect when the upstream is back', async () => {
    const flaky = await startHttpUpstream({ name: 'flaky' });
    try {
      const upstream = client({ transport: 'streamable-http', url: flaky.url });
      const states: UpstreamHealth['state'][] = [];
      upstream.onHealthChange((health) => states.push(health.state));
      expect(flaky.sessionCount()).toBe(0);
      await upstream.callTool('echo', {}, opts());
      expect(flaky.sessionCount()).toBe(1);

      await flaky.stop();
      const error = await upstream.callTool('echo', {}, opts()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UpstreamUnavailableError);
      expect(upstream.health()).toMatchObject({ state: 'down' });
      expect(upstream.health().lastError).toBeTruthy();

      await flaky.start();
      expect((await upstream.callTool('echo', { back: 1 }, opts())).structuredContent).toEqual({
        back: 1,
      });
      expect(upstream.health().state).toBe('up');
      expect(states).toEqual(['up', 'down', 'connecting', 'up']);
    } finally {
      await flaky.close();
    }
  });

  it('should open a new session when the upstream forgot ours (404) without failing the call', async () => {
    const forgetful = await startHttpUpstream({ name: 'forgetful' });
    try {
      const upstream = client({ transport: 'streamable-http', url: forgetful.url });
      await upstream.callTool('echo', {}, opts());
      await forgetful.dropSessions(); // as a restart does: the old session id is unknown now
      expect((await upstream.callTool('echo', { n: 2 }, opts())).structuredContent).toEqual({
        n: 2,
      });
    } finally {
      await forgetful.close();
    }
  });

  it('should subscribe again to its resources on a new session', async () => {
    const forgetful = await startHttpUpstream({ resources: RESOURCES });
    try {
      const upstream = client({ transport: 'streamable-http', url: forgetful.url });
      await upstream.subscribeResource('fixture://a', opts());
      await upstream.subscribeResource('fixture://b', opts());
      await upstream.unsubscribeResource('fixture://b', opts());
      await forgetful.dropSessions();
      await upstream.callTool('echo', {}, opts()); // 404: a new session
      expect(forgetful.events.subscriptions).toEqual(['fixture://a', 'fixture://b', 'fixture://a']);
      const updated = nextNotification(upstream, 'notifications/resources/updated');
      await forgetful.notify('notifications/resources/updated', { uri: 'fixture://a' });
      expect((await updated).params).toEqual({ uri: 'fixture://a' });
    } finally {
      await forgetful.close();
    }
  });

  it('should send the static header credential and nothing else', async () => {
    const guarded = await startHttpUpstream({
      acceptAuthorization: (header) => header === 'Bearer upstream-key',
    });
    try {
      const upstream = client({
        transport: 'streamable-http',
        url: guarded.url,
        headers: { 'x-team': 'a' },
        auth: { type: 'header', name: 'Authorization', value: 'Bearer upstream-key' },
      });
      await upstream.callTool('echo', {}, opts({ subjectToken: 'caller-token' }));
      expect(new Set(guarded.events.authorizations)).toEqual(new Set(['Bearer upstream-key']));
    } finally {
      await guarded.close();
    }
  });

  it('should report an unreachable upstream within the timeout, and a stdio program that is missing', async () => {
    const refused = client({ transport: 'streamable-http', url: 'http://127.0.0.1:9/mcp' });
    await expect(refused.callTool('echo', {}, opts())).rejects.toBeInstanceOf(
      UpstreamUnavailableError,
    );
    const missing = client({ transport: 'stdio', command: '/nonexistent/program' });
    await expect(missing.catalogue(opts())).rejects.toBeInstanceOf(UpstreamUnavailableError);
    expect(missing.health().state).toBe('down');
  });

  it('should refuse an endpoint its transport cannot serve', () => {
    expect(() => client({ transport: 'stdio' })).toThrow(/needs a command/);
    expect(() => client({ transport: 'sse', url: 'ftp://x' })).toThrow(/http\(s\) URL/);
    expect(() =>
      client({ transport: 'stdio', command: 'x', auth: { type: 'header', name: 'a', value: 'b' } }),
    ).toThrow(/takes no credential/);
  });
});

describe('upstream client against a 2026-07-28 upstream', () => {
  it('should speak the modern era and hear list_changed on its subscriptions/listen stream', async () => {
    const modern = await startModernHttpUpstream();
    try {
      const upstream = client({ transport: 'streamable-http', url: modern.url });
      const catalogue = await upstream.catalogue(opts());
      expect(catalogue.protocolVersion).toBe('2026-07-28');
      expect(catalogue.serverInfo.name).toBe('modern-fixture');
      const result = await upstream.callTool('echo', { message: 'hi' }, opts());
      expect(result.content).toEqual([{ type: 'text', text: 'hi' }]);

      const changed = nextNotification(upstream, 'notifications/tools/list_changed');
      await until(() => {
        modern.setEchoDescription('Changed.');
        return Promise.race([
          changed.then(() => true),
          new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 200)),
        ]);
      });
      const again = await upstream.catalogue(opts());
      expect(again.tools.find((tool) => tool.name === 'echo')?.description).toBe('Changed.');
    } finally {
      await modern.close();
    }
  });
});

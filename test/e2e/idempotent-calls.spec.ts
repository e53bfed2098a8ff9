import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { RetentionScheduler } from '../../src/retention/retention.scheduler.js';
import { IDEMPOTENCY_META_KEY } from '../../src/idempotency/idempotency-key.js';
import {
  COUNT_TOOL,
  CountingToolsModule,
  countingRuns,
  KEYED_COUNT_TOOL,
} from '../fixtures/counting-tools.module.js';
import { authEnv, type ConnectedClient, connectClient, tokenFor } from '../support/admin-http.js';
import { availableTiers } from '../support/database.js';
import { startJwksServer, type TestJwksServer } from '../support/jwks-server.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

type CallResult = Awaited<ReturnType<Client['callTool']>>;

const runsOf = (label: string): number => countingRuns.byLabel.get(label) ?? 0;
const textOf = (result: CallResult): string => (result.content as [{ text: string }])[0].text;

function keyedCall(
  client: Client,
  key: string,
  args: Record<string, unknown>,
  name = COUNT_TOOL,
): Promise<CallResult> {
  return client.callTool({ name, arguments: args, _meta: { [IDEMPOTENCY_META_KEY]: key } });
}

async function auditedOutcomes(app: TestApp, tool: string): Promise<string[]> {
  const rows = await app.running.app.get(DataSource).query<{ outcome: string }[]>(
    `SELECT outcome FROM audit_log WHERE event = 'tool_call.finished' AND correlation_id IN
         (SELECT correlation_id FROM audit_log WHERE tool_name = $1) ORDER BY id`,
    [tool],
  );
  return rows.map((row) => row.outcome);
}

/**
 * docs/approvals.md "Idempotent retries", end to end with the official SDK client: the same key
 * with the same arguments runs once, on any instance and for the same principal only.
 */
describe.each(availableTiers())('idempotent tools/call [%s]', (tier) => {
  let jwks: TestJwksServer;
  let app: TestApp;
  let alice: ConnectedClient;
  let bob: ConnectedClient;

  beforeAll(async () => {
    jwks = await startJwksServer();
    app = await startTestApp({
      tier,
      env: { ...authEnv(jwks), MCP_IDEMPOTENCY_TTL_SECONDS: '2' },
      extraImports: [CountingToolsModule],
    });
    alice = await connectClient(app.url, tokenFor(jwks, 'alice', []));
    bob = await connectClient(app.url, tokenFor(jwks, 'bob', []));
  }, 120_000);

  afterAll(async () => {
    await alice?.close().catch(() => undefined);
    await bob?.close().catch(() => undefined);
    await app?.close();
    await jwks?.close();
  });

  it('should run a call retried with the same key once and give the identical result', async () => {
    const label = `${tier}-once`;
    const first = await keyedCall(alice.client, `${label}-key`, { label });
    const retry = await keyedCall(alice.client, `${label}-key`, { label });
    expect(first.isError).toBeFalsy();
    expect(retry).toEqual(first);
    expect(runsOf(label)).toBe(1);
    await expect.poll(() => auditedOutcomes(app, COUNT_TOOL)).toContain('replayed');
  });

  it('should take the key from a declared idempotencyKey argument', async () => {
    const label = `${tier}-argument`;
    const args = { label, idempotencyKey: `${label}-key` };
    const first = await alice.client.callTool({ name: KEYED_COUNT_TOOL, arguments: args });
    const retry = await alice.client.callTool({ name: KEYED_COUNT_TOOL, arguments: args });
    expect(retry).toEqual(first);
    expect(runsOf(label)).toBe(1);
  });

  it('should ignore an idempotencyKey argument the tool does not declare', async () => {
    const label = `${tier}-undeclared`;
    const args = { label, idempotencyKey: 'not-a-key-here' };
    const first = await alice.client.callTool({ name: COUNT_TOOL, arguments: args });
    const second = await alice.client.callTool({ name: COUNT_TOOL, arguments: args });
    // Not the tool's key: an ordinary argument, so each call runs.
    expect(textOf(second)).not.toBe(textOf(first));
    expect(runsOf(label)).toBe(2);
  });

  it('should refuse the same key with other arguments or another tool, and run nothing', async () => {
    const label = `${tier}-conflict`;
    await keyedCall(alice.client, `${label}-key`, { label });
    const other = keyedCall(alice.client, `${label}-key`, { label, delayMs: 1 });
    await expect(other).rejects.toThrow(McpError);
    await expect(other).rejects.toMatchObject({ code: -32602 });
    await expect(other).rejects.toThrow(`"${label}-key"`);
    await expect(
      keyedCall(alice.client, `${label}-key`, { label }, KEYED_COUNT_TOOL),
    ).rejects.toMatchObject({ code: -32602 });
    expect(runsOf(label)).toBe(1);
  });

  it('should refuse a malformed key with -32602 and run nothing', async () => {
    const label = `${tier}-malformed`;
    for (const key of ['', 'x'.repeat(201), 'tab\there']) {
      await expect(keyedCall(alice.client, key, { label })).rejects.toMatchObject({
        code: -32602,
      });
    }
    expect(runsOf(label)).toBe(0);
  });

  it('should let a retry wait for the first call still running and give its result', async () => {
    const label = `${tier}-concurrent`;
    const first = keyedCall(alice.client, `${label}-key`, { label, delayMs: 600 });
    await new Promise((resolve) => setTimeout(resolve, 150));
    const retry = keyedCall(alice.client, `${label}-key`, { label, delayMs: 600 });
    const [a, b] = await Promise.all([first, retry]);
    expect(b).toEqual(a);
    expect(runsOf(label)).toBe(1);
  });

  it('should run the same key separately for another principal', async () => {
    const label = `${tier}-principals`;
    const mine = await keyedCall(alice.client, `${label}-key`, { label });
    const theirs = await keyedCall(bob.client, `${label}-key`, { label });
    expect(textOf(theirs)).not.toBe(textOf(mine));
    expect(runsOf(label)).toBe(2);
  });

  it('should release the key of a run that threw, so a retry runs again', async () => {
    const label = `${tier}-thrown`;
    const first = await keyedCall(alice.client, `${label}-key`, { label, fail: true });
    expect(first.isError).toBe(true);
    await keyedCall(alice.client, `${label}-key`, { label, fail: true });
    expect(runsOf(label)).toBe(2);
  });

  it('should run again once the result expired, and prune expired rows', async () => {
    const label = `${tier}-expiry`;
    await keyedCall(alice.client, `${label}-key`, { label });
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const round = await app.running.app.get(RetentionScheduler).runOnce();
    expect(round).toMatchObject({ ran: true });
    expect(round.ran && round.pruned.tool_call_results).toBeGreaterThanOrEqual(1);
    await keyedCall(alice.client, `${label}-key`, { label });
    expect(runsOf(label)).toBe(2);
  });
});

describe.runIf(availableTiers().includes('postgres'))(
  'idempotent tools/call on two instances',
  () => {
    let jwks: TestJwksServer;
    let first: TestApp;
    let second: TestApp;
    let onFirst: ConnectedClient;
    let onSecond: ConnectedClient;

    beforeAll(async () => {
      jwks = await startJwksServer();
      const env = authEnv(jwks);
      first = await startTestApp({ tier: 'postgres', env, extraImports: [CountingToolsModule] });
      second = await startTestApp({
        database: first.database,
        env,
        extraImports: [CountingToolsModule],
      });
      const token = tokenFor(jwks, 'carol', []);
      onFirst = await connectClient(first.url, token);
      onSecond = await connectClient(second.url, token);
    }, 120_000);

    afterAll(async () => {
      await onFirst?.close().catch(() => undefined);
      await onSecond?.close().catch(() => undefined);
      await second?.close();
      await first?.close();
      await jwks?.close();
    });

    it('should give a retry on B the result of the call that ran on A', async () => {
      const label = 'instances-done';
      const a = await keyedCall(onFirst.client, `${label}-key`, { label });
      const b = await keyedCall(onSecond.client, `${label}-key`, { label });
      expect(b).toEqual(a);
      expect(runsOf(label)).toBe(1);
    });

    it('should let a retry on B wait for the call still running on A', async () => {
      const label = 'instances-running';
      const a = keyedCall(onFirst.client, `${label}-key`, { label, delayMs: 800 });
      await new Promise((resolve) => setTimeout(resolve, 200));
      const started = Date.now();
      const b = await keyedCall(onSecond.client, `${label}-key`, { label, delayMs: 800 });
      expect(b).toEqual(await a);
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(runsOf(label)).toBe(1);
    });
  },
);

import { createHash } from 'node:crypto';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitRequestSchema, type ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import type { ApprovalQueue } from '../../src/approvals/call-approval.types.js';
import { IDEMPOTENCY_META_KEY } from '../../src/idempotency/idempotency-key.js';
import { ApprovedCallExecutor } from '../../src/mcp/approvals/approved-call.executor.js';
import { METRIC_NAMES } from '../../src/metrics/metric-names.js';
import { ShutdownCoordinator } from '../../src/ops/shutdown/shutdown.coordinator.js';
import { canonicalJson } from '../../src/protocol/schema/canonical-json.js';
import {
  DELETE_TOOL,
  DestructiveToolsModule,
  deletedRecords,
} from '../fixtures/destructive-tools.module.js';
import { adminRequest, authEnv, type JsonResponse, tokenFor } from '../support/admin-http.js';
import { availableTiers } from '../support/database.js';
import { startJwksServer, type TestJwksServer } from '../support/jwks-server.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

type CallResult = Awaited<ReturnType<Client['callTool']>>;
type ElicitationAnswer = (message: string) => ElicitResult;

interface PendingApproval {
  readonly id: string;
  readonly status: string;
  readonly expiresAt: string;
}

const textOf = (result: CallResult): string => (result.content as [{ text: string }])[0].text;
const approvalOf = (result: CallResult): PendingApproval =>
  (result.structuredContent as { approval: PendingApproval }).approval;
const deletions = (id: string): number => deletedRecords.filter((record) => record === id).length;

/** An SDK client for `subject`; with `answer`, it declares elicitation and answers with it. */
async function clientFor(
  app: TestApp,
  jwks: TestJwksServer,
  subject: string,
  answer?: ElicitationAnswer,
): Promise<Client> {
  const client = new Client(
    { name: 'approvals-e2e', version: '1.0.0' },
    answer === undefined ? {} : { capabilities: { elicitation: { form: {} } } },
  );
  if (answer !== undefined) {
    client.setRequestHandler(ElicitRequestSchema, (request) => answer(request.params.message));
  }
  const token = tokenFor(jwks, subject, []);
  await client.connect(
    new StreamableHTTPClientTransport(new URL(app.url), {
      requestInit: { headers: { Authorization: `Bearer ${token}` } },
    }),
  );
  return client;
}

function deleteCall(client: Client, id: string, key?: string): Promise<CallResult> {
  return client.callTool({
    name: DELETE_TOOL,
    arguments: { id, reason: `ticket for ${id}` },
    ...(key === undefined ? {} : { _meta: { [IDEMPOTENCY_META_KEY]: key } }),
  });
}

/** The outcome rows of every call of the destructive tool on record `id`. */
async function outcomesOf(app: TestApp, id: string): Promise<string[]> {
  const digest = createHash('sha256')
    .update(canonicalJson({ id, reason: `ticket for ${id}` }))
    .digest('hex');
  const rows = await app.running.app.get(DataSource).query<{ outcome: string }[]>(
    `SELECT f.outcome FROM audit_log s JOIN audit_log f
       ON f.correlation_id = s.correlation_id AND f.event = 'tool_call.finished'
     WHERE s.event = 'tool_call.started' AND s.tool_name = $1 AND s.arguments_sha256 = $2
     ORDER BY f.id`,
    [DELETE_TOOL, digest],
  );
  return rows.map((row) => row.outcome);
}

/** The approval-queue gauges of a scrape of `/metrics`. */
async function approvalQueueMetrics(app: TestApp): Promise<ApprovalQueue> {
  const text = await (await fetch(`${app.origin}/metrics`)).text();
  const value = (name: string) =>
    Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
  return {
    pending: value(METRIC_NAMES.approvalsPending),
    oldestSeconds: value(METRIC_NAMES.approvalOldestPendingSeconds),
  };
}

/**
 * docs/approvals.md "Call approvals", end to end with the official SDK client: a destructive
 * tool runs only once a person approved the call, by elicitation or through the admin API.
 */
describe.each(availableTiers())('call approvals [%s]', (tier) => {
  let jwks: TestJwksServer;
  let app: TestApp;
  let approver: string;
  let aliceAsApprover: string;
  const elicited: string[] = [];

  const api = (token: string, method: string, path: string, body?: unknown) =>
    adminRequest(app.origin, method, `/admin/api/approvals${path}`, token, body);
  const approve = (id: string, token = approver) => api(token, 'POST', `/${id}/approve`, {});
  const executed = async (id: string): Promise<JsonResponse> => {
    await expect
      .poll(async () => (await api(approver, 'GET', `/${id}`)).body.status, { timeout: 5_000 })
      .toBe('executed');
    return api(approver, 'GET', `/${id}`);
  };

  beforeAll(async () => {
    jwks = await startJwksServer();
    app = await startTestApp({
      tier,
      env: { ...authEnv(jwks), MCP_APPROVAL_TTL_SECONDS: '3' },
      extraImports: [DestructiveToolsModule],
    });
    approver = tokenFor(jwks, 'bob', ['approver']);
    aliceAsApprover = tokenFor(jwks, 'alice', ['approver']);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await jwks?.close();
  });

  it('should ask the user through elicitation and run the call they confirmed', async () => {
    const client = await clientFor(app, jwks, 'alice', (message) => {
      elicited.push(message);
      return { action: 'accept', content: { confirm: true } };
    });
    const result = await deleteCall(client, `${tier}-confirmed`);
    await client.close();
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toContain(`deleted ${tier}-confirmed`);
    expect(deletions(`${tier}-confirmed`)).toBe(1);
    await expect.poll(() => outcomesOf(app, `${tier}-confirmed`)).toEqual(['success']);
    const message = elicited.at(-1) ?? '';
    expect(message).toContain('Delete record');
    expect(message).toContain(`"id":"${tier}-confirmed"`);
    expect(message).toContain(`Reason: ticket for ${tier}-confirmed`);
  });

  it.each([
    ['declines', { action: 'decline' }],
    ['cancels', { action: 'cancel' }],
    ['accepts without confirming', { action: 'accept', content: { confirm: false } }],
  ] as const)('should refuse the call when the user %s, and change nothing', async (_, answer) => {
    const id = `${tier}-declined-${answer.action}-${JSON.stringify(answer).length}`;
    const client = await clientFor(app, jwks, 'alice', () => answer);
    const result = await deleteCall(client, id);
    await client.close();
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/user declined the call to delete_record/);
    expect(deletions(id)).toBe(0);
    await expect.poll(() => outcomesOf(app, id)).toEqual(['approval_declined']);
  });

  it('should queue the call of a client without elicitation, run it once an approver approves, and give the result to the retry', async () => {
    const client = await clientFor(app, jwks, 'alice');
    const id = `${tier}-queued`;
    const first = await deleteCall(client, id, `${id}-key`);
    expect(first.isError).toBe(true);
    const pending = approvalOf(first);
    expect(pending).toMatchObject({ status: 'pending' });
    expect(Date.parse(pending.expiresAt)).toBeGreaterThan(Date.now());
    expect(deletions(id)).toBe(0);

    const retried = await deleteCall(client, id, `${id}-key`);
    expect(approvalOf(retried)).toEqual(pending);

    const decided = await approve(pending.id);
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ status: 'approved', decidedBy: 'bob' });
    const done = await executed(pending.id);
    expect(done.body.result).toMatchObject({ content: [{ text: expect.stringContaining(id) }] });
    expect(deletions(id)).toBe(1);

    const answered = await deleteCall(client, id, `${id}-key`);
    expect(answered).toEqual(done.body.result);
    await expect
      .poll(() => outcomesOf(app, id))
      .toEqual(['approval_pending', 'approval_pending', 'success', 'replayed']);
    expect(deletions(id)).toBe(1);
    await expect(approve(pending.id)).resolves.toMatchObject({ status: 409 });
    await client.close();
    const decisions = await app.running.app
      .get(DataSource)
      .query<{ subject: string; action: string }[]>(
        `SELECT subject, action FROM audit_log WHERE event = 'admin.change' AND target = $1`,
        [pending.id],
      );
    expect(decisions).toEqual([{ subject: 'bob', action: 'call_approval.approve' }]);
  });

  it("should refuse the requester's own approval with 403 and run nothing", async () => {
    const client = await clientFor(app, jwks, 'alice');
    const id = `${tier}-own`;
    const { id: approval } = approvalOf(await deleteCall(client, id));
    await client.close();
    const refused = await approve(approval, aliceAsApprover);
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/You requested this call/);
    expect((await api(approver, 'GET', `/${approval}`)).body.status).toBe('pending');
    expect(deletions(id)).toBe(0);
  });

  it('should reject with a required reason, tell the retry why, and refuse a second decision', async () => {
    const client = await clientFor(app, jwks, 'alice');
    const id = `${tier}-rejected`;
    const { id: approval } = approvalOf(await deleteCall(client, id, `${id}-key`));
    expect((await api(approver, 'POST', `/${approval}/reject`, {})).status).toBe(400);
    const rejected = await api(approver, 'POST', `/${approval}/reject`, { reason: 'not today' });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', decisionReason: 'not today' });
    const retry = await deleteCall(client, id, `${id}-key`);
    await client.close();
    expect(retry.isError).toBe(true);
    expect(textOf(retry)).toContain('rejected by bob: not today');
    expect((await approve(approval)).status).toBe(409);
    expect(deletions(id)).toBe(0);
  });

  it('should leave approved calls to other instances while draining, and hold the shutdown for one it runs', async () => {
    const shutdown = app.running.app.get(ShutdownCoordinator);
    const client = await clientFor(app, jwks, 'alice');
    const id = `${tier}-draining`;
    const { id: approval } = approvalOf(await deleteCall(client, id));
    await client.close();
    const draining = vi.spyOn(shutdown, 'isDraining').mockReturnValue(true);
    try {
      expect((await approve(approval)).status).toBe(200);
      await app.running.app.get(ApprovedCallExecutor).sweep();
      expect((await api(approver, 'GET', `/${approval}`)).body.status).toBe('approved');
      expect(deletions(id)).toBe(0);
    } finally {
      draining.mockRestore();
    }
    let running = 0;
    let held = 0;
    const track = shutdown.trackRequest.bind(shutdown);
    const tracking = vi.spyOn(shutdown, 'trackRequest').mockImplementation(() => {
      const finished = track();
      running++;
      held++;
      return () => {
        running--;
        finished();
      };
    });
    try {
      await app.running.app.get(ApprovedCallExecutor).sweep();
      await executed(approval);
    } finally {
      tracking.mockRestore();
    }
    expect(deletions(id)).toBe(1);
    expect(held).toBeGreaterThan(0);
    expect(running).toBe(0);
  });

  it('should answer 404 for an unknown approval and list by status with a cursor', async () => {
    expect((await approve('00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await api(approver, 'GET', '/not-a-uuid')).status).toBe(404);
    const first = await api(approver, 'GET', '?status=rejected&limit=1');
    expect(first.status).toBe(200);
    expect(first.body.approvals).toEqual([expect.objectContaining({ status: 'rejected' })]);
    const all = await api(approver, 'GET', '?limit=1');
    expect(typeof all.body.nextCursor).toBe('string');
    const next = await api(approver, 'GET', `?limit=1&cursor=${String(all.body.nextCursor)}`);
    expect((next.body.approvals as { id: string }[])[0]?.id).not.toBe(
      (all.body.approvals as { id: string }[])[0]?.id,
    );
    expect((await api(approver, 'GET', '?status=nope')).status).toBe(400);
  });

  it('should follow the policy: approver queues despite elicitation, auto waives, user asks for any tool', async () => {
    const admin = tokenFor(jwks, 'root', ['admin']);
    const policy = async (tool: string, callApproval: string | null) => {
      const changed = await adminRequest(app.origin, 'PATCH', `/admin/api/tools/${tool}`, admin, {
        callApproval,
      });
      expect(changed.status).toBe(200);
    };
    let asked = 0;
    const client = await clientFor(app, jwks, 'alice', () => {
      asked++;
      return { action: 'accept', content: { confirm: true } };
    });
    try {
      await policy(DELETE_TOOL, 'approver');
      const queued = await deleteCall(client, `${tier}-policy-approver`);
      expect(approvalOf(queued)).toMatchObject({ status: 'pending' });
      expect(asked).toBe(0);

      await policy(DELETE_TOOL, 'auto');
      const waived = await deleteCall(client, `${tier}-policy-auto`);
      expect(textOf(waived)).toContain(`deleted ${tier}-policy-auto`);
      expect(asked).toBe(0);

      await policy('echo', 'user');
      const echoed = await client.callTool({ name: 'echo', arguments: { message: 'hi' } });
      expect(textOf(echoed)).toBe('hi');
      expect(asked).toBe(1);
    } finally {
      await policy(DELETE_TOOL, null);
      await policy('echo', null);
      await client.close();
    }
    expect(deletions(`${tier}-policy-approver`)).toBe(0);
    const changes = await app.running.app.get(DataSource).query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'tool_policy.update'
           AND target = $1 AND change_after->>'callApproval' = 'approver'`,
      [DELETE_TOOL],
    );
    expect(changes[0]?.n).toBe(1);
  });

  it('should expire an approval nobody decided, and refuse to approve it then', async () => {
    const client = await clientFor(app, jwks, 'alice');
    const id = `${tier}-expired`;
    const { id: approval } = approvalOf(await deleteCall(client, id, `${id}-key`));
    const waiting = await approvalQueueMetrics(app);
    expect(waiting.pending).toBeGreaterThanOrEqual(1);
    expect(waiting.oldestSeconds).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 3_100));
    // Every approval of this server has a 3 s TTL: none waits any more.
    expect(await approvalQueueMetrics(app)).toEqual({ pending: 0, oldestSeconds: 0 });
    expect((await approve(approval)).status).toBe(409);
    await app.running.app.get(ApprovedCallExecutor).sweep();
    expect((await api(approver, 'GET', `/${approval}`)).body.status).toBe('expired');
    const retry = await deleteCall(client, id, `${id}-key`);
    await client.close();
    expect(textOf(retry)).toContain('expired');
    expect(deletions(id)).toBe(0);
  });
});

describe.runIf(availableTiers().includes('postgres'))('call approvals on two instances', () => {
  let jwks: TestJwksServer;
  let first: TestApp;
  let second: TestApp;

  beforeAll(async () => {
    jwks = await startJwksServer();
    const env = authEnv(jwks);
    first = await startTestApp({ tier: 'postgres', env, extraImports: [DestructiveToolsModule] });
    second = await startTestApp({
      database: first.database,
      env,
      extraImports: [DestructiveToolsModule],
    });
  }, 120_000);

  afterAll(async () => {
    await second?.close();
    await first?.close();
    await jwks?.close();
  });

  it('should run a call queued on A once, after its approval through B', async () => {
    const client = await clientFor(first, jwks, 'carol');
    const id = 'instances-approved';
    const { id: approval } = approvalOf(await deleteCall(client, id, `${id}-key`));
    const approver = tokenFor(jwks, 'dave', ['approver']);
    const decided = await adminRequest(
      second.origin,
      'POST',
      `/admin/api/approvals/${approval}/approve`,
      approver,
      {},
    );
    expect(decided.status).toBe(200);
    await expect
      .poll(async () => {
        const { body } = await adminRequest(
          first.origin,
          'GET',
          `/admin/api/approvals/${approval}`,
          approver,
        );
        return body.status;
      })
      .toBe('executed');
    expect(deletions(id)).toBe(1);
    const retry = await deleteCall(client, id, `${id}-key`);
    await client.close();
    expect(textOf(retry)).toContain(`deleted ${id}`);
  });
});

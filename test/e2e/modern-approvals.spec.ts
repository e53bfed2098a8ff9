import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { IDEMPOTENCY_META_KEY } from '../../src/idempotency/idempotency-key.js';
import { APPROVAL_KEY } from '../../src/mcp/approvals/approval-question.js';
import { TASKS_EXTENSION } from '../../src/tasks/task.types.js';
import {
  ARCHIVE_TOOL,
  DELETE_TOOL,
  DestructiveToolsModule,
  deletedRecords,
} from '../fixtures/destructive-tools.module.js';
import { adminRequest, authEnv, tokenFor } from '../support/admin-http.js';
import { parseBody, standardHeaders, withMeta } from '../support/modern-http.js';
import { startJwksServer, type TestJwksServer } from '../support/jwks-server.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

type Json = Record<string, unknown>;

const CAPABILITIES = 'io.modelcontextprotocol/clientCapabilities';
const ELICITING = { [CAPABILITIES]: { elicitation: {} } };
const WITH_TASKS = { [CAPABILITIES]: { extensions: { [TASKS_EXTENSION]: {} } } };

const deletions = (id: string): number => deletedRecords.filter((record) => record === id).length;

/**
 * docs/approvals.md "Call approvals" on 2026-07-28 requests: the user is asked through an
 * input_required round, and a task waits for the approver's decision.
 */
describe('call approvals on 2026-07-28', () => {
  let jwks: TestJwksServer;
  let app: TestApp;
  let token: string;
  let approver: string;

  beforeAll(async () => {
    jwks = await startJwksServer();
    app = await startTestApp({ env: authEnv(jwks), extraImports: [DestructiveToolsModule] });
    token = tokenFor(jwks, 'erin', []);
    approver = tokenFor(jwks, 'frank', ['approver']);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await jwks?.close();
  });

  /** Posted plainly: task results are not in the core schema. */
  async function post(method: string, params: Json, headers: Record<string, string> = {}) {
    const res = await fetch(app.url, {
      method: 'POST',
      headers: {
        ...standardHeaders(method, params),
        Authorization: `Bearer ${token}`,
        ...headers,
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    });
    const messages = parseBody(res.headers.get('content-type') ?? '', await res.text());
    return messages.at(-1)?.['result'] as Json;
  }
  const call = (name: string, args: Json, meta: Json, extra: Json = {}) =>
    post('tools/call', withMeta({ name, arguments: args, ...extra }, meta));
  const approve = (id: string) =>
    adminRequest(app.origin, 'POST', `/admin/api/approvals/${id}/approve`, approver, {});

  /** The pending approval of the call on record `id` (a task queues it in the background). */
  async function pendingApprovalOf(id: string): Promise<string> {
    let found: string | undefined;
    await expect
      .poll(async () => {
        const { body } = await adminRequest(
          app.origin,
          'GET',
          '/admin/api/approvals?status=pending',
          approver,
        );
        const approvals = body.approvals as { id: string; arguments: Json }[];
        found = approvals.find((approval) => approval.arguments['id'] === id)?.id;
        return found;
      })
      .toBeDefined();
    return found as string;
  }

  async function taskStatus(taskId: string, wanted: string): Promise<Json> {
    let current: Json = {};
    await expect
      .poll(async () => {
        current = await post('tasks/get', withMeta({ taskId }, WITH_TASKS), {
          'Mcp-Name': taskId,
        });
        return current['status'];
      })
      .toBe(wanted);
    return current;
  }

  it('should ask through an input_required round and run once the user confirmed', async () => {
    const asked = await call(DELETE_TOOL, { id: 'modern-confirmed' }, ELICITING);
    expect(asked).toMatchObject({ resultType: 'input_required' });
    const question = (asked['inputRequests'] as Json)[APPROVAL_KEY] as Json;
    expect(question).toMatchObject({ method: 'elicitation/create' });
    expect(JSON.stringify(question)).toContain('modern-confirmed');
    expect(deletions('modern-confirmed')).toBe(0);

    const answered = await call(DELETE_TOOL, { id: 'modern-confirmed' }, ELICITING, {
      inputResponses: { [APPROVAL_KEY]: { action: 'accept', content: { confirm: true } } },
      requestState: asked['requestState'],
    });
    expect(answered).toMatchObject({ content: [{ text: expect.stringContaining('deleted') }] });
    expect(deletions('modern-confirmed')).toBe(1);
  });

  it('should refuse the call the user declined in the round', async () => {
    const asked = await call(DELETE_TOOL, { id: 'modern-declined' }, ELICITING);
    const refused = await call(DELETE_TOOL, { id: 'modern-declined' }, ELICITING, {
      inputResponses: { [APPROVAL_KEY]: { action: 'decline' } },
      requestState: asked['requestState'],
    });
    expect(refused).toMatchObject({ isError: true });
    expect(deletions('modern-declined')).toBe(0);
  });

  it('should keep a task working until the approver decides, then complete it with the result', async () => {
    const created = await call(ARCHIVE_TOOL, { id: 'modern-task' }, WITH_TASKS);
    expect(created).toMatchObject({ resultType: 'task', status: 'working' });
    const taskId = created['taskId'] as string;
    const approval = await pendingApprovalOf('modern-task');
    expect((await taskStatus(taskId, 'working'))['status']).toBe('working');
    expect(deletions('modern-task')).toBe(0);

    expect((await approve(approval)).status).toBe(200);
    const done = await taskStatus(taskId, 'completed');
    expect(done['result']).toMatchObject({ content: [{ text: 'archived modern-task' }] });
    expect(deletions('modern-task')).toBe(1);
  });

  it('should end a task with a tool error when the approver rejects it', async () => {
    const created = await call(ARCHIVE_TOOL, { id: 'modern-task-rejected' }, WITH_TASKS, {});
    const taskId = created['taskId'] as string;
    const approval = await pendingApprovalOf('modern-task-rejected');
    const rejected = await adminRequest(
      app.origin,
      'POST',
      `/admin/api/approvals/${approval}/reject`,
      approver,
      { reason: 'keep it' },
    );
    expect(rejected.status).toBe(200);
    const done = await taskStatus(taskId, 'completed');
    expect(done['result']).toMatchObject({
      isError: true,
      content: [{ text: expect.stringContaining('keep it') }],
    });
    expect(deletions('modern-task-rejected')).toBe(0);
  });

  it('should carry an idempotency key into a task, so a retried task replays the result', async () => {
    const keyed = {
      [CAPABILITIES]: { extensions: { [TASKS_EXTENSION]: {} } },
      [IDEMPOTENCY_META_KEY]: 'modern-task-key',
    };
    const first = await call(ARCHIVE_TOOL, { id: 'modern-keyed' }, keyed);
    expect((await approve(await pendingApprovalOf('modern-keyed'))).status).toBe(200);
    const done = await taskStatus(first['taskId'] as string, 'completed');
    const retried = await call(ARCHIVE_TOOL, { id: 'modern-keyed' }, keyed);
    expect(retried['taskId']).not.toBe(first['taskId']);
    const again = await taskStatus(retried['taskId'] as string, 'completed');
    expect(again['result']).toEqual(done['result']);
    expect(deletions('modern-keyed')).toBe(1);
  });
});

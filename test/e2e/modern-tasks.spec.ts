import { setTimeout as sleep } from 'node:timers/promises';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { TASKS_EXTENSION } from '../../src/tasks/task.types.js';
import { parseBody, postModern, standardHeaders, withMeta } from '../support/modern-http.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

type Json = Record<string, unknown>;

const WITH_TASKS = {
  'io.modelcontextprotocol/clientCapabilities': {
    elicitation: {},
    extensions: { [TASKS_EXTENSION]: {} },
  },
};

/**
 * The tasks extension (SEP-2663) over Streamable HTTP against the real app on its embedded
 * database, with the conformance fixtures: every message is checked against the 2026-07-28
 * schema by `postModern`.
 */
describe('2026-07-28 tasks extension over HTTP', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ env: { MCP_CONFORMANCE_FIXTURES: 'true' } });
  });
  afterAll(async () => {
    await app?.close();
  });

  /**
   * Extension messages (`CreateTaskResult`, `DetailedTask`) are not in the core 2026-07-28
   * schema `postModern` validates against, so these requests are posted plainly.
   */
  async function post(method: string, params: Json, headers: Record<string, string> = {}) {
    const res = await fetch(app.url, {
      method: 'POST',
      headers: { ...standardHeaders(method, params), ...headers },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    });
    const messages = parseBody(res.headers.get('content-type') ?? '', await res.text());
    return { status: res.status, response: messages.at(-1) };
  }
  const call = async (name: string, args: Json = {}, extra: Json = {}) =>
    (await post('tools/call', withMeta({ name, arguments: args, ...extra }, WITH_TASKS)))
      .response?.['result'] as Json;
  const task = (method: string, taskId: string, extra: Json = {}) =>
    post(method, withMeta({ taskId, ...extra }, WITH_TASKS), { 'Mcp-Name': taskId });

  async function settle(taskId: string, status: string): Promise<Json> {
    for (let i = 0; i < 100; i++) {
      const current = (await task('tasks/get', taskId)).response?.['result'] as Json;
      if (current['status'] === status) return current;
      await sleep(50);
    }
    throw new Error(`task ${taskId} never became ${status}`);
  }

  it('should advertise the extension in server/discover', async () => {
    const { response } = await postModern(app.url, 'server/discover', withMeta());
    expect(response?.['result']).toMatchObject({
      capabilities: { extensions: { [TASKS_EXTENSION]: {} } },
    });
  });

  it('should run slow_compute as a task that any later request can poll', async () => {
    const created = await call('slow_compute', { seconds: 0, label: 'e2e' });
    expect(created).toMatchObject({ resultType: 'task', status: 'working' });
    const done = await settle(created['taskId'] as string, 'completed');
    expect(done['result']).toMatchObject({
      content: [{ type: 'text', text: 'Computed e2e after 0s' }],
    });
  });

  it('should reject a tasks/get whose Mcp-Name is not the task id (400, -32020)', async () => {
    const created = await call('slow_compute', { seconds: 0 });
    const answer = await post('tasks/get', withMeta({ taskId: created['taskId'] }, WITH_TASKS), {
      'Mcp-Name': 'another-task',
    });
    expect(answer.status).toBe(400);
    expect(answer.response?.['error']).toMatchObject({ code: -32020 });
  });

  it('should gather MRTR input first and then create the task (test_tool_with_task)', async () => {
    const first = await call('test_tool_with_task');
    expect(first).toMatchObject({ resultType: 'input_required' });
    expect(first).not.toHaveProperty('taskId');
    const second = await call(
      'test_tool_with_task',
      {},
      {
        inputResponses: { user_name: { action: 'accept', content: { name: 'Alice' } } },
        requestState: first['requestState'],
      },
    );
    expect(second).toMatchObject({ resultType: 'task' });
    expect(second).not.toHaveProperty('requestState');
    const done = await settle(second['taskId'] as string, 'completed');
    expect(JSON.stringify(done['result'])).toContain('Alice');
  });

  it('should answer tasks/result and tasks/list as unknown methods', async () => {
    for (const method of ['tasks/result', 'tasks/list']) {
      const answer = await postModern(app.url, method, withMeta({}, WITH_TASKS));
      expect(answer.response?.['error']).toMatchObject({ code: -32601 });
    }
  });
});

import { setTimeout as sleep } from 'node:timers/promises';

import { Test, type TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, expect, it } from 'vitest';

import type { McpHandlerContext } from '../../src/protocol/context/handler-context.js';
import type { RequestContext } from '../../src/protocol/context/request-context.js';
import type { TaskSupport } from '../../src/protocol/capabilities/capability.types.js';
import type { RegisteredTool } from '../../src/protocol/capabilities/registered-capability.types.js';
import { McpDispatcher } from '../../src/mcp/dispatcher/mcp-dispatcher.js';
import { McpToolError } from '../../src/mcp/dispatcher/mcp-tool-error.js';
import type { JsonObject } from '../../src/protocol/json-rpc/json-rpc.types.js';
import { McpError } from '../../src/protocol/json-rpc/mcp-error.js';
import { McpCoreModule } from '../../src/mcp/mcp-core.module.js';
import { PolicyModule } from '../../src/policy/policy.module.js';
import { pgPoolOf } from '../../src/persistence/pg-pool.js';
import { PostgresTaskStore } from '../../src/tasks/postgres-task.store.js';
import { TaskEntity } from '../../src/tasks/task.entity.js';
import { TASK_INTERRUPTED, TaskRunner } from '../../src/tasks/task.runner.js';
import { TaskStore } from '../../src/tasks/task.store.js';
import { TasksModule } from '../../src/tasks/tasks.module.js';
import { TASKS_EXTENSION } from '../../src/tasks/task.types.js';
import { describeEachDatabase, useTestDatabase } from '../support/database.js';
import {
  FakeAuditLog,
  FakeCapabilityRegistry,
  FakeSessionRepository,
  fakePortsModule,
  RecordingSink,
  fakeTool,
  principal,
  requestContext,
  testConfig,
} from '../support/mcp-core.fakes.js';

const WITH_TASKS = { elicitation: {}, extensions: { [TASKS_EXTENSION]: {} } };

function taskTool(
  name: string,
  taskSupport: TaskSupport,
  invoke: (args: JsonObject, ctx: McpHandlerContext) => Promise<JsonObject>,
): RegisteredTool {
  const tool = fakeTool(name, { invoke });
  return { ...tool, definition: { ...tool.definition, taskSupport } };
}

const text = (value: string): JsonObject => ({ content: [{ type: 'text', text: value }] });

/** Runs until aborted: a task still working when something stops it. */
const sleepyTool = (): RegisteredTool =>
  taskTool('sleepy', 'optional', async (_args, ctx) => {
    await sleep(30_000, undefined, { signal: ctx.signal });
    return text('woke up');
  });

/** The tasks extension on the real dispatcher and `dataSource`, with fake ports around it. */
async function startTasksModule(
  dataSource: DataSource,
  registry: FakeCapabilityRegistry,
  audit = new FakeAuditLog(),
): Promise<TestingModule> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      fakePortsModule({
        config: testConfig(),
        registry,
        audit,
        repository: new FakeSessionRepository(),
        providers: [{ provide: DataSource, useValue: dataSource }],
      }),
      PolicyModule,
      McpCoreModule,
      TasksModule,
    ],
  }).compile();
  await moduleRef.init();
  return moduleRef;
}

const ctxOf = (subject = 'alice', capabilities: JsonObject = WITH_TASKS): RequestContext =>
  requestContext({
    principal: principal(subject),
    sink: new RecordingSink(),
    protocolVersion: '2026-07-28',
    clientCapabilities: capabilities,
  });

/** The TaskRunner and the tasks methods through the real dispatcher, on a real database. */
describeEachDatabase('tasks extension runner', (tier) => {
  const database = useTestDatabase(tier, { entities: [TaskEntity] });
  const registry = new FakeCapabilityRegistry();
  const audit = new FakeAuditLog();
  let moduleRef: TestingModule;
  let dispatcher: McpDispatcher;
  let nextId = 1;

  beforeAll(async () => {
    registry.toolList = [
      taskTool('quick', 'optional', (args) => Promise.resolve(text(`quick ${String(args.n)}`))),
      sleepyTool(),
      taskTool('asking', 'optional', async (_args, ctx) => {
        const answer = await ctx.requestInput('sure', 'elicitation/create', { message: 'Sure?' });
        return text(`answer ${JSON.stringify(answer.content)}`);
      }),
      taskTool('tool_error', 'required', () => Promise.reject(new McpToolError('broken'))),
      taskTool('protocol_error', 'optional', () =>
        Promise.reject(new McpError(-32603, 'Protocol task failed')),
      ),
      taskTool('crash', 'optional', () => Promise.reject(new Error('secret internal detail'))),
    ];
    moduleRef = await startTasksModule(database().dataSource, registry, audit);
    dispatcher = moduleRef.get(McpDispatcher);
  });
  afterAll(async () => {
    await moduleRef?.close();
  });

  async function send(method: string, params: JsonObject, ctx = ctxOf()): Promise<JsonObject> {
    const response = await dispatcher.dispatch(
      { jsonrpc: '2.0', id: nextId++, method, params },
      ctx,
    );
    if (response === undefined) throw new Error('no response');
    return response as unknown as JsonObject;
  }
  const resultOf = async (method: string, params: JsonObject, ctx?: RequestContext) =>
    (await send(method, params, ctx)).result as JsonObject;
  const errorOf = async (method: string, params: JsonObject, ctx?: RequestContext) =>
    (await send(method, params, ctx)).error as JsonObject;

  async function settle(taskId: string, until: readonly string[]): Promise<JsonObject> {
    for (let i = 0; i < 100; i++) {
      const task = await resultOf('tasks/get', { taskId });
      if (until.includes(task.status as string)) return task;
      await sleep(50);
    }
    throw new Error(`task ${taskId} never reached ${until.join('|')}`);
  }
  const create = async (name: string, args: JsonObject = {}) =>
    (await resultOf('tools/call', { name, arguments: args })).taskId as string;

  it('should answer a task whose row is readable at once, then inline its result', async () => {
    const created = await resultOf('tools/call', { name: 'quick', arguments: { n: 7 } });
    expect(created).toMatchObject({
      resultType: 'task',
      status: 'working',
      ttlMs: expect.any(Number),
      pollIntervalMs: expect.any(Number),
    });
    expect(created).not.toHaveProperty('result');
    const done = await settle(created.taskId as string, ['completed']);
    expect(done).toMatchObject({
      resultType: 'complete',
      taskId: created.taskId,
      result: { content: [{ type: 'text', text: 'quick 7' }] },
    });
    expect(audit.started.map((row) => row.toolName)).toContain('quick');
  });

  it('should serve a plain result to a client without the extension', async () => {
    const result = await resultOf(
      'tools/call',
      { name: 'quick', arguments: { n: 1 } },
      ctxOf('alice', {}),
    );
    expect(result).toMatchObject({ resultType: 'complete', content: [{ text: 'quick 1' }] });
    expect(result).not.toHaveProperty('taskId');
  });

  it('should refuse a task-only tool and the task methods without the extension (-32021)', async () => {
    const required = { requiredCapabilities: { extensions: { [TASKS_EXTENSION]: {} } } };
    const bare = ctxOf('alice', {});
    expect(await errorOf('tools/call', { name: 'tool_error', arguments: {} }, bare)).toMatchObject({
      code: -32021,
      data: required,
    });
    for (const method of ['tasks/get', 'tasks/cancel', 'tasks/update']) {
      expect(await errorOf(method, { taskId: 'x', inputResponses: {} }, bare)).toMatchObject({
        code: -32021,
      });
    }
  });

  it('should keep a tool error completed and make a protocol error failed', async () => {
    const toolError = await settle(await create('tool_error'), ['completed', 'failed']);
    expect(toolError).toMatchObject({ status: 'completed', result: { isError: true } });
    const protocol = await settle(await create('protocol_error'), ['completed', 'failed']);
    expect(protocol).toMatchObject({
      status: 'failed',
      error: { code: -32603, message: 'Protocol task failed' },
    });
    expect(protocol).not.toHaveProperty('result');
    const crash = await settle(await create('crash'), ['completed', 'failed']);
    expect(JSON.stringify(crash)).not.toContain('secret internal detail');
  });

  it('should park on a question, take the answer by tasks/update and finish', async () => {
    const taskId = await create('asking');
    const parked = await settle(taskId, ['input_required']);
    expect(parked.inputRequests).toEqual({
      sure: { method: 'elicitation/create', params: { message: 'Sure?' } },
    });
    const ack = await resultOf('tasks/update', {
      taskId,
      inputResponses: { sure: { action: 'accept', content: { ok: true } } },
    });
    expect(ack).toEqual({ resultType: 'complete', _meta: expect.any(Object) });
    expect(await settle(taskId, ['completed'])).toMatchObject({
      result: { content: [{ text: 'answer {"ok":true}' }] },
    });
  });

  it('should cancel a running task, and acknowledge a second cancel without change', async () => {
    const taskId = await create('sleepy');
    expect(await resultOf('tasks/cancel', { taskId })).not.toHaveProperty('status');
    expect(await settle(taskId, ['cancelled', 'completed', 'failed'])).toMatchObject({
      status: 'cancelled',
    });
    await resultOf('tasks/cancel', { taskId });
    await sleep(100);
    expect(await resultOf('tasks/get', { taskId })).toMatchObject({ status: 'cancelled' });
  });

  it('should hide a task from another subject and reject bad input unchanged', async () => {
    const taskId = await create('quick', { n: 2 });
    const mallory = ctxOf('mallory');
    expect(await errorOf('tasks/get', { taskId }, mallory)).toMatchObject({ code: -32602 });
    expect(await errorOf('tasks/cancel', { taskId }, mallory)).toMatchObject({ code: -32602 });
    expect(await errorOf('tasks/update', { taskId, inputResponses: [] })).toMatchObject({
      code: -32602,
    });
    expect(await errorOf('tasks/get', {})).toMatchObject({ code: -32602 });
    expect(await settle(taskId, ['completed'])).toMatchObject({ status: 'completed' });
  });

  it('should keep the lease of a task it runs and fail one whose instance is gone', async () => {
    const running = await create('sleepy');
    // Another instance's task: its lease ran out and nobody renews it.
    const orphan = await moduleRef.get(TaskStore).create({
      id: `orphan-${nextId++}`,
      subject: 'alice',
      tool: 'sleepy',
      request: { name: 'sleepy', arguments: {} },
      ttlMs: 60_000,
      pollIntervalMs: 500,
      leaseMs: 1,
    });
    const pool = pgPoolOf(database().dataSource);
    await pool.query(`UPDATE tasks SET lease_expires_at = now() - interval '1 second'`);

    await moduleRef.get(TaskRunner).keepLeases();

    expect(await resultOf('tasks/get', { taskId: orphan.id })).toMatchObject({
      status: 'failed',
      error: TASK_INTERRUPTED,
    });
    expect(await resultOf('tasks/get', { taskId: running })).toMatchObject({ status: 'working' });
    await resultOf('tasks/cancel', { taskId: running });
  });
});

/** A shutdown records the tasks it stops, instead of leaving them `working` until their TTL. */
describeEachDatabase('tasks extension runner shutdown', (tier) => {
  const database = useTestDatabase(tier, { entities: [TaskEntity] });

  it('should fail the tasks still running when the module closes', async () => {
    const registry = new FakeCapabilityRegistry();
    registry.toolList = [sleepyTool()];
    const moduleRef = await startTasksModule(database().dataSource, registry);
    const response = await moduleRef
      .get(McpDispatcher)
      .dispatch(
        { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'sleepy', arguments: {} } },
        ctxOf(),
      );
    const taskId = (response as unknown as { result: { taskId: string } }).result.taskId;

    await moduleRef.close();

    const store = new PostgresTaskStore(database().dataSource.getRepository(TaskEntity));
    expect(await store.find(taskId, 'alice')).toMatchObject({
      status: 'failed',
      error: TASK_INTERRUPTED,
    });
  });
});

import { randomUUID } from 'node:crypto';

import { expect, it } from 'vitest';

import { pgPoolOf } from '../../src/persistence/pg-pool.js';
import { PostgresTaskStore } from '../../src/tasks/postgres-task.store.js';
import { TaskEntity } from '../../src/tasks/task.entity.js';
import type { NewTask } from '../../src/tasks/task.types.js';
import { describeEachDatabase, useTestDatabase } from '../support/database.js';

const newTask = (overrides: Partial<NewTask> = {}): NewTask => ({
  id: randomUUID(),
  subject: 'alice',
  tool: 'slow_compute',
  request: { name: 'slow_compute', arguments: { seconds: 1 } },
  ttlMs: 60_000,
  pollIntervalMs: 500,
  leaseMs: 60_000,
  ...overrides,
});

describeEachDatabase('tasks table', (tier) => {
  const database = useTestDatabase(tier, { entities: [TaskEntity] });
  const storeOf = () => new PostgresTaskStore(database().dataSource.getRepository(TaskEntity));

  it('should create a working task that only its subject can read', async () => {
    const store = storeOf();
    const created = await store.create(newTask());
    expect(created).toMatchObject({ status: 'working', ttlMs: 60_000, pollIntervalMs: 500 });
    expect(created.createdAt).toBeInstanceOf(Date);
    expect(await store.find(created.id, 'alice')).toMatchObject({ id: created.id });
    expect(await store.find(created.id, 'mallory')).toBeUndefined();
    expect(await store.find('no-such-task', 'alice')).toBeUndefined();
  });

  it('should park on questions and work again once every one is answered', async () => {
    const store = storeOf();
    const { id } = await store.create(newTask());
    const question = { method: 'elicitation/create', params: { message: 'Sure?' } };
    expect(await store.askInput(id, { a: question, b: question })).toBe(true);
    expect(await store.find(id, 'alice')).toMatchObject({ status: 'input_required' });

    const partial = await store.answerInput(id, 'alice', {
      a: { action: 'accept' },
      unknown: { ignored: true },
    });
    expect(partial).toMatchObject({
      status: 'input_required',
      inputRequests: { b: question },
      inputResponses: { a: { action: 'accept' } },
    });
    expect(await store.answerInput(id, 'mallory', { b: { action: 'accept' } })).toBeUndefined();
    const done = await store.answerInput(id, 'alice', { b: { action: 'decline' } });
    expect(done).toMatchObject({
      status: 'working',
      inputRequests: {},
      inputResponses: { a: { action: 'accept' }, b: { action: 'decline' } },
    });
  });

  it('should end a task once and never change a terminal one', async () => {
    const store = storeOf();
    const { id } = await store.create(newTask());
    const result = { content: [{ type: 'text', text: 'done' }] };
    expect(await store.finish(id, { status: 'completed', result })).toBe(true);
    expect(await store.finish(id, { status: 'cancelled' })).toBe(false);
    expect(await store.askInput(id, { q: {} })).toBe(false);
    expect(await store.find(id, 'alice')).toMatchObject({ status: 'completed', result });

    const failing = await store.create(newTask());
    const error = { code: -32603, message: 'Internal error' };
    expect(await store.finish(failing.id, { status: 'failed', error })).toBe(true);
    expect(await store.find(failing.id, 'alice')).toMatchObject({ status: 'failed', error });
  });

  it('should forget a task once its TTL has passed', async () => {
    const store = storeOf();
    const { id } = await store.create(newTask({ ttlMs: 1 }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await store.find(id, 'alice')).toBeUndefined();
  });

  it('should fail only open tasks whose lease ran out, and renew only open ones', async () => {
    const store = storeOf();
    const error = { code: -32603, message: 'Task interrupted' };
    const abandoned = await store.create(newTask({ leaseMs: 1 }));
    const renewed = await store.create(newTask({ leaseMs: 1 }));
    const live = await store.create(newTask());
    const finished = await store.create(newTask({ leaseMs: 1 }));
    await store.finish(finished.id, { status: 'cancelled' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await store.renewLeases([renewed.id, finished.id, 'no-such-task'], 60_000);

    expect(await store.failAbandoned(error)).toBe(1);
    expect(await store.find(abandoned.id, 'alice')).toMatchObject({ status: 'failed', error });
    for (const task of [renewed, live]) {
      expect(await store.find(task.id, 'alice')).toMatchObject({ status: 'working' });
    }
    expect(await store.find(finished.id, 'alice')).toMatchObject({ status: 'cancelled' });
    expect(await store.failAbandoned(error)).toBe(0);
  });

  it('should fail only the open tasks among the ids it is given', async () => {
    const store = storeOf();
    const error = { code: -32603, message: 'Task interrupted' };
    const [stopped, other, done] = await Promise.all([
      store.create(newTask()),
      store.create(newTask()),
      store.create(newTask()),
    ]);
    await store.finish(done.id, { status: 'cancelled' });
    expect(await store.failOpen([stopped.id, done.id, 'no-such-task'], error)).toBe(1);
    expect(await store.find(stopped.id, 'alice')).toMatchObject({ status: 'failed', error });
    expect(await store.find(other.id, 'alice')).toMatchObject({ status: 'working' });
    expect(await store.find(done.id, 'alice')).toMatchObject({ status: 'cancelled' });
    expect(await store.failOpen([], error)).toBe(0);
  });

  it('should record an error carrying a NUL character, escaped', async () => {
    const store = storeOf();
    const { id } = await store.create(newTask());
    expect(await store.failOpen([id], { code: -32603, message: 'stopped\u0000' })).toBe(1);
    expect(await store.find(id, 'alice')).toMatchObject({
      status: 'failed',
      error: { message: 'stopped\\u0000' },
    });
  });

  it('should never fail a task without a lease (created before leases existed)', async () => {
    const store = storeOf();
    const { id } = await store.create(newTask({ leaseMs: 1 }));
    await pgPoolOf(database().dataSource).query(
      'UPDATE tasks SET lease_expires_at = NULL WHERE id = $1',
      [id],
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    await store.failAbandoned({ code: -32603, message: 'Task interrupted' });
    expect(await store.find(id, 'alice')).toMatchObject({ status: 'working' });
  });
});

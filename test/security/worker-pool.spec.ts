import { afterEach, describe, expect, it } from 'vitest';

import { IsolatedToolFailure } from '../../src/security/isolation/isolated-worker.js';
import { WorkerPool } from '../../src/security/isolation/worker-pool.js';

const FIXTURE = new URL('./fixtures/misbehaving.worker.mjs', import.meta.url);
const LIMITS = { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4, stackSizeMb: 4 };

describe(WorkerPool.name, () => {
  const pools: WorkerPool[] = [];
  const pool = (exportName: string, size = 1): WorkerPool => {
    const created = new WorkerPool({ moduleUrl: FIXTURE, exportName, size, limits: LIMITS });
    pools.push(created);
    return created;
  };
  const never = (): AbortSignal => new AbortController().signal;

  afterEach(async () => {
    await Promise.all(pools.splice(0).map((created) => created.close()));
  });

  it('should run the exported function in a thread and reuse the thread', async () => {
    const sut = pool('echo');
    const first = (await sut.run({ value: [1, 'a'] }, never())) as { threadId: number };
    expect(first).toEqual({ value: [1, 'a'], threadId: expect.any(Number) });
    expect(first.threadId).not.toBe(0);
    expect(await sut.run({ value: 2 }, never())).toEqual({ value: 2, threadId: first.threadId });
    expect(sut.size).toBe(1);
  });

  it('should terminate a thread that spins past its deadline, and serve the next call', async () => {
    const spinning = pool('spin');
    const started = performance.now();
    await expect(spinning.run({}, AbortSignal.timeout(300))).rejects.toThrow();
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(spinning.size).toBe(0);
    // The server's own thread was never blocked: this timer fires at once.
    await new Promise((resolve) => setTimeout(resolve, 0));
  });

  it('should stop a cancelled call', async () => {
    const sut = pool('spin');
    const controller = new AbortController();
    const call = sut.run({}, controller.signal);
    setTimeout(() => controller.abort(new Error('cancelled by the client')), 100);
    await expect(call).rejects.toThrow('cancelled by the client');
    expect(sut.size).toBe(0);
  });

  it('should contain a thread that exceeds its heap limit', async () => {
    const sut = pool('hog');
    await expect(sut.run({}, never())).rejects.toBeInstanceOf(IsolatedToolFailure);
    expect(sut.size).toBe(0);
    const healthy = pool('echo');
    expect(await healthy.run({ value: 'still serving' }, never())).toMatchObject({
      value: 'still serving',
    });
  });

  it('should report a throwing tool without its error text', async () => {
    const sut = pool('fail');
    const error = await sut.run({}, never()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IsolatedToolFailure);
    expect(String(error)).not.toContain('secret internal detail');
    expect(sut.size).toBe(1);
  });

  it('should give the thread an empty environment', async () => {
    expect(await pool('environment').run({}, never())).toEqual({ keys: [] });
  });

  it('should queue calls beyond the pool size', async () => {
    const sut = pool('echo', 1);
    const results = await Promise.all([1, 2, 3].map((value) => sut.run({ value }, never())));
    expect(results.map((result) => (result as { value: number }).value)).toEqual([1, 2, 3]);
    expect(sut.size).toBe(1);
  });

  it('should fail at the first call when the export does not exist', async () => {
    await expect(pool('missing').run({}, never())).rejects.toBeInstanceOf(IsolatedToolFailure);
  });
});

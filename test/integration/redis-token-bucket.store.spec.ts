import { randomUUID } from 'node:crypto';

import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';

import { MemoryTokenBucketStore } from '../../src/security/rate-limit/memory-token-bucket.store.js';
import { perMinute } from '../../src/security/rate-limit/rate-limit.types.js';
import { RedisTokenBucketStore } from '../../src/security/rate-limit/redis-token-bucket.store.js';

const url = process.env.TEST_REDIS_URL;

describe.skipIf(url === undefined)(RedisTokenBucketStore.name, () => {
  const clients: Redis[] = [];
  const prefix = `test:${randomUUID()}:`;
  const store = (redisUrl: string) => {
    const client = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    client.on('error', () => undefined);
    clients.push(client);
    return new RedisTokenBucketStore(client, new MemoryTokenBucketStore(), prefix);
  };
  const ready = (client: Redis) =>
    client.status === 'ready' ? Promise.resolve() : new Promise((r) => client.once('ready', r));
  afterAll(() => Promise.all(clients.map((c) => c.quit().catch(() => undefined))));

  it('should share one bucket set across instances, all or nothing', async () => {
    const a = store(url as string);
    const b = store(url as string);
    await Promise.all(clients.map(ready));
    const rule = perMinute(3);
    const small = perMinute(1);
    expect((await a.take(['p', 'g'], [rule, small], 1)).allowed).toBe(true);
    expect(await b.take(['p', 'g'], [rule, small], 1)).toEqual({
      allowed: false,
      retryAfterSeconds: 60,
    });
    expect((await b.take(['p'], [rule], 2)).allowed).toBe(true);
    expect((await a.take(['p'], [rule], 1)).allowed).toBe(false);
  });

  it('should fall back to local buckets when Redis is unreachable', async () => {
    Logger.overrideLogger(false);
    const sut = store('redis://127.0.0.1:1');
    const rule = perMinute(1);
    expect((await sut.take(['x'], [rule], 1)).allowed).toBe(true);
    expect((await sut.take(['x'], [rule], 1)).allowed).toBe(false);
  });
});

import type { FactoryProvider, OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';

import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.constants.js';
import { MemoryTokenBucketStore } from './memory-token-bucket.store.js';
import { TOKEN_BUCKET_STORE } from './rate-limit.constants.js';
import type { TokenBucketStore } from './rate-limit.types.js';
import { RedisTokenBucketStore } from './redis-token-bucket.store.js';

/** A Redis call on the hot path may cost at most this long before the local buckets decide. */
const REDIS_COMMAND_TIMEOUT_MS = 250;

class ClosingRedisTokenBucketStore extends RedisTokenBucketStore implements OnApplicationShutdown {
  constructor(private readonly client: Redis) {
    super(client, new MemoryTokenBucketStore());
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.quit();
  }
}

/** In-memory buckets, or Redis-shared ones when `REDIS_URL` is set (Contract, Environment). */
export const tokenBucketStoreProvider: FactoryProvider<TokenBucketStore> = {
  provide: TOKEN_BUCKET_STORE,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) => {
    const url = config.ops.redisUrl;
    if (url === undefined) return new MemoryTokenBucketStore();
    const client = new Redis(url, {
      // Fail fast instead of queueing while Redis is away: the local buckets take over.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
      lazyConnect: false,
    });
    // Connection errors surface as failed commands, which the store reports once per outage;
    // without a listener ioredis would print every reconnect attempt.
    client.on('error', () => undefined);
    return new ClosingRedisTokenBucketStore(client);
  },
};

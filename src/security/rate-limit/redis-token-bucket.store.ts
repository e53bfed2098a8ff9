import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';

import { MemoryTokenBucketStore } from './memory-token-bucket.store.js';
import {
  RATE_LIMIT_ALLOWED,
  rateLimitDenied,
  type RateLimitDecision,
  type TokenBucketRule,
  type TokenBucketStore,
} from './rate-limit.types.js';

/**
 * All-or-nothing take over several buckets, atomic in Redis. Uses the server clock (`TIME`) so
 * instances with skewed clocks share one view. Returns 0 when allowed, else the wait in ms.
 * KEYS = buckets; ARGV[1] = cost, then capacity and refill-per-ms of each bucket.
 */
export const TAKE_TOKENS_SCRIPT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local cost = tonumber(ARGV[1])
local levels = {}
local wait = 0
for i = 1, #KEYS do
  local capacity = tonumber(ARGV[2 * i])
  local rate = tonumber(ARGV[2 * i + 1])
  local state = redis.call('HMGET', KEYS[i], 'tokens', 'at')
  local tokens = tonumber(state[1]) or capacity
  local at = tonumber(state[2]) or now
  tokens = math.min(capacity, tokens + math.max(0, now - at) * rate)
  levels[i] = tokens
  if tokens < cost then wait = math.max(wait, math.ceil((cost - tokens) / rate)) end
end
if wait > 0 then return wait end
for i = 1, #KEYS do
  local capacity = tonumber(ARGV[2 * i])
  local rate = tonumber(ARGV[2 * i + 1])
  local left = levels[i] - cost
  redis.call('HSET', KEYS[i], 'tokens', tostring(left), 'at', now)
  redis.call('PEXPIRE', KEYS[i], math.ceil((capacity - left) / rate) + 1000)
end
return 0
`;

interface TakeTokensCommand {
  takeTokens(...args: [number, ...(string | number)[]]): Promise<number>;
}

/**
 * Buckets shared by every instance through Redis (`REDIS_URL`). When Redis fails, the request is
 * judged by this instance's in-memory buckets instead: limits keep holding per instance, and a
 * Redis outage does not take the MCP endpoint down with it.
 */
export class RedisTokenBucketStore implements TokenBucketStore {
  private readonly logger = new Logger(RedisTokenBucketStore.name);
  private readonly redis: Redis & TakeTokensCommand;
  private degraded = false;

  constructor(
    redis: Redis,
    private readonly fallback: MemoryTokenBucketStore,
    private readonly keyPrefix = 'mcp:rate:',
  ) {
    redis.defineCommand('takeTokens', { lua: TAKE_TOKENS_SCRIPT });
    this.redis = redis as Redis & TakeTokensCommand;
  }

  async take(
    keys: readonly string[],
    rules: readonly TokenBucketRule[],
    cost: number,
  ): Promise<RateLimitDecision> {
    const args: (string | number)[] = [];
    for (const key of keys) args.push(this.keyPrefix + key);
    args.push(cost);
    for (const rule of rules) args.push(rule.capacity, rule.refillPerMs);
    try {
      const waitMs = await this.redis.takeTokens(keys.length, ...args);
      if (this.degraded) {
        this.degraded = false;
        this.logger.log('Redis rate limiting recovered');
      }
      return waitMs > 0 ? rateLimitDenied(waitMs) : RATE_LIMIT_ALLOWED;
    } catch (error) {
      if (!this.degraded) {
        this.degraded = true;
        this.logger.warn(`Redis rate limiting unavailable, using local buckets: ${String(error)}`);
      }
      return this.fallback.take(keys, rules, cost);
    }
  }
}

import { describe, expect, it } from 'vitest';

import type { AppConfig } from '../../config/app-config.js';
import { ANONYMOUS_PRINCIPAL } from '../../protocol/context/principal.js';
import type { McpMetrics } from '../../metrics/mcp-metrics.service.js';
import { ToolRateLimitSource } from '../../policy/tool-rate-limit.source.js';
import { SecurityEvents } from '../security-events.service.js';
import { MemoryTokenBucketStore } from './memory-token-bucket.store.js';
import { RateLimiter } from './rate-limiter.service.js';

class FixedToolRates extends ToolRateLimitSource {
  readonly rates = new Map<string, number>();

  perMinuteFor(toolName: string): number | undefined {
    return this.rates.get(toolName);
  }
}

const config = (perToolPerMinute: number): AppConfig =>
  ({
    rateLimits: { perPrincipalPerMinute: 0, perToolPerMinute, globalPerMinute: 0 },
  }) as AppConfig;

describe(RateLimiter.name, () => {
  const allowedCalls = (sut: RateLimiter, tool: string, attempts: number): number => {
    let allowed = 0;
    for (let i = 0; i < attempts; i++) {
      const decision = sut.checkTool(ANONYMOUS_PRINCIPAL, tool);
      if (!(decision instanceof Promise) && decision.allowed) allowed++;
    }
    return allowed;
  };

  it('should size a tool bucket by the policy rate, live, and others by the default', () => {
    const rates = new FixedToolRates();
    const sut = new RateLimiter(
      config(5),
      new MemoryTokenBucketStore(100, () => 0),
      new SecurityEvents(),
      rates,
    );
    rates.rates.set('slow', 2);
    expect(allowedCalls(sut, 'slow', 4)).toBe(2);
    expect(allowedCalls(sut, 'other', 7)).toBe(5);
    rates.rates.set('fast', 3);
    expect(allowedCalls(sut, 'fast', 1)).toBe(1);
    rates.rates.set('fast', 1); // the 2 tokens left are clipped to the new capacity
    expect(allowedCalls(sut, 'fast', 2)).toBe(1);
  });

  it('should apply a policy rate even when the default per-tool limit is off', () => {
    const rates = new FixedToolRates();
    rates.rates.set('slow', 1);
    const sut = new RateLimiter(
      config(0),
      new MemoryTokenBucketStore(100, () => 0),
      new SecurityEvents(),
      rates,
    );
    expect(allowedCalls(sut, 'slow', 3)).toBe(1);
    expect(allowedCalls(sut, 'unlimited', 50)).toBe(50);
  });

  it('should count each refusal by scope in the rate-limit metric, and nothing when allowed', () => {
    const scopes: string[] = [];
    const metrics = { rateLimited: (scope: string) => scopes.push(scope) } as unknown as McpMetrics;
    const sut = new RateLimiter(
      config(1),
      new MemoryTokenBucketStore(100, () => 0),
      new SecurityEvents(),
      undefined,
      metrics,
    );
    expect(allowedCalls(sut, 'echo', 3)).toBe(1);
    expect(scopes).toEqual(['tool', 'tool']);
  });
});

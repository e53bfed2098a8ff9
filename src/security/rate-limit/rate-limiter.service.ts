import { Inject, Injectable } from '@nestjs/common';

import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.constants.js';
import type { Principal } from '../../mcp/context/principal.js';
import { SecurityEvents } from '../security-events.service.js';
import { TOKEN_BUCKET_STORE } from './rate-limit.constants.js';
import {
  perMinute,
  RATE_LIMIT_ALLOWED,
  type RateLimitDecision,
  type TokenBucketRule,
  type TokenBucketStore,
} from './rate-limit.types.js';

/**
 * Per-principal, per-tool and global rate limits (issue 5 §5; OWASP API4/API6). Transports
 * answer a refusal with 429 + `Retry-After` and a JSON-RPC error. With the in-memory store the
 * result is a plain value (no promise, no allocation when allowed); with Redis it is a promise:
 * `const d = limiter.check(p, tool); const decision = d instanceof Promise ? await d : d;`
 */
@Injectable()
export class RateLimiter {
  private readonly principalRule: TokenBucketRule | undefined;
  private readonly toolRule: TokenBucketRule | undefined;
  /** The global bucket (or nothing when it is off); copied and extended per request. */
  private readonly globalOnly: { keys: string[]; rules: TokenBucketRule[] };

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(TOKEN_BUCKET_STORE) private readonly store: TokenBucketStore,
    private readonly events: SecurityEvents,
  ) {
    const { perPrincipalPerMinute, perToolPerMinute, globalPerMinute } = config.rateLimits;
    this.principalRule = perPrincipalPerMinute > 0 ? perMinute(perPrincipalPerMinute) : undefined;
    this.toolRule = perToolPerMinute > 0 ? perMinute(perToolPerMinute) : undefined;
    this.globalOnly =
      globalPerMinute > 0
        ? { keys: ['global'], rules: [perMinute(globalPerMinute)] }
        : { keys: [], rules: [] };
  }

  /** Takes `cost` tokens for one request of `principal`, to `tool` when it is a tool call. */
  check(
    principal: Principal,
    tool?: string,
    cost = 1,
  ): RateLimitDecision | Promise<RateLimitDecision> {
    const keys = this.globalOnly.keys.slice();
    const rules = this.globalOnly.rules.slice();
    if (this.principalRule !== undefined) {
      keys.push(`principal:${principal.subject}`);
      rules.push(this.principalRule);
    }
    if (tool !== undefined && this.toolRule !== undefined) {
      keys.push(`tool:${tool}`);
      rules.push(this.toolRule);
    }
    if (keys.length === 0) return RATE_LIMIT_ALLOWED;
    const decision = this.store.take(keys, rules, cost);
    if (decision instanceof Promise) return decision.then((d) => this.report(d, principal, tool));
    return this.report(decision, principal, tool);
  }

  private report(
    decision: RateLimitDecision,
    principal: Principal,
    tool: string | undefined,
  ): RateLimitDecision {
    if (!decision.allowed) {
      this.events.record(
        'rate_limited',
        principal,
        tool === undefined ? 'request' : `tool ${tool}`,
      );
    }
    return decision;
  }
}

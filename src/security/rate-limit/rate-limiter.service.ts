import { Inject, Injectable, Optional } from '@nestjs/common';

import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.constants.js';
import type { Principal } from '../../protocol/context/principal.js';
import { McpMetrics } from '../../metrics/mcp-metrics.service.js';
import { ToolRateLimitSource } from '../../policy/tool-rate-limit.source.js';
import { SecurityEvents } from '../security-events.service.js';
import { TOKEN_BUCKET_STORE } from './rate-limit.constants.js';
import {
  perMinute,
  RATE_LIMIT_ALLOWED,
  type RateLimitDecision,
  type TokenBucketRule,
  type TokenBucketStore,
} from './rate-limit.types.js';

/** A decision of the in-memory store is a plain value; one of the Redis store a promise. */
export type MaybePromise<T> = T | Promise<T>;

/**
 * Per-principal, per-tool and global rate limits (OWASP API Security Top 10 2023: API4, API6;
 * docs/security.md "Limits"), in two steps so that no bucket is charged twice for one request:
 * - {@link checkRequest}: every authenticated HTTP request on the MCP endpoints takes one token
 *   from the global bucket and one from the principal's;
 * - {@link checkTool}: a `tools/call` of a tool the principal may use also takes one from that
 *   tool's bucket (only after authorization, so probing unknown names creates no buckets), sized
 *   by the tool's policy when it sets a rate (`rateLimitPerMinute`), else by
 *   `MCP_RATE_LIMIT_PER_TOOL`.
 * Transports answer a refusal with 429 + `Retry-After` and a JSON-RPC error (see
 * `rateLimitedError`). With the in-memory store the result is a plain value: the hot path
 * awaits nothing; with Redis it is a promise.
 */
/** Which buckets refused: the global/per-principal ones of a request, or a tool's. */
type RateLimitScope = 'request' | 'tool';

@Injectable()
export class RateLimiter {
  private readonly perPrincipal: boolean;
  /** The rules of a request: global first, then per principal (whichever are on). */
  private readonly requestRules: readonly TokenBucketRule[];
  /**
   * The bucket keys of a request, per principal object: verified principals are cached per token
   * (VerifiedTokenCache), so a request allocates no key list or string.
   */
  private readonly requestKeys = new WeakMap<Principal, readonly string[]>();
  private readonly perToolPerMinute: number;
  /** One frozen rule list per distinct per-tool rate, so a call allocates none. */
  private readonly toolRules = new Map<number, readonly TokenBucketRule[]>();
  private readonly global: boolean;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(TOKEN_BUCKET_STORE) private readonly store: TokenBucketStore,
    private readonly events: SecurityEvents,
    @Optional() private readonly toolRates?: ToolRateLimitSource,
    // Optional so the limiter can be assembled without the ops modules (unit tests).
    @Optional() private readonly metrics?: McpMetrics,
  ) {
    const { perPrincipalPerMinute, perToolPerMinute, globalPerMinute } = config.rateLimits;
    this.global = globalPerMinute > 0;
    this.perPrincipal = perPrincipalPerMinute > 0;
    this.requestRules = Object.freeze([
      ...(this.global ? [perMinute(globalPerMinute)] : []),
      ...(this.perPrincipal ? [perMinute(perPrincipalPerMinute)] : []),
    ]);
    this.perToolPerMinute = perToolPerMinute;
  }

  /** One request of `principal`: the global and the per-principal bucket. */
  checkRequest(principal: Principal): MaybePromise<RateLimitDecision> {
    if (this.requestRules.length === 0) return RATE_LIMIT_ALLOWED;
    return this.take(this.requestKeysOf(principal), this.requestRules, principal, 'request');
  }

  /** Keys in {@link requestRules} order. */
  private requestKeysOf(principal: Principal): readonly string[] {
    let keys = this.requestKeys.get(principal);
    if (keys === undefined) {
      keys = Object.freeze([
        ...(this.global ? ['global'] : []),
        ...(this.perPrincipal ? [`principal:${principal.subject}`] : []),
      ]);
      this.requestKeys.set(principal, keys);
    }
    return keys;
  }

  /** One call of `tool` (all principals share the tool's bucket: it protects the backend). */
  checkTool(principal: Principal, tool: string): MaybePromise<RateLimitDecision> {
    const limit = this.toolRates?.perMinuteFor(tool) ?? this.perToolPerMinute;
    if (limit <= 0) return RATE_LIMIT_ALLOWED;
    return this.take([`tool:${tool}`], this.toolRuleOf(limit), principal, 'tool', tool);
  }

  private toolRuleOf(limit: number): readonly TokenBucketRule[] {
    let rules = this.toolRules.get(limit);
    if (rules === undefined) {
      rules = Object.freeze([perMinute(limit)]);
      this.toolRules.set(limit, rules);
    }
    return rules;
  }

  private take(
    keys: readonly string[],
    rules: readonly TokenBucketRule[],
    principal: Principal,
    scope: RateLimitScope,
    tool?: string,
  ): MaybePromise<RateLimitDecision> {
    const decision = this.store.take(keys, rules, 1);
    if (decision instanceof Promise) {
      return decision.then((d) => this.report(d, principal, scope, tool));
    }
    return this.report(decision, principal, scope, tool);
  }

  /** A refusal is a security event and a `mcp_rate_limit_hits_total{scope}` increment. */
  private report(
    decision: RateLimitDecision,
    principal: Principal,
    scope: RateLimitScope,
    tool: string | undefined,
  ): RateLimitDecision {
    if (!decision.allowed) {
      this.events.record('rate_limited', principal, tool === undefined ? scope : `tool ${tool}`);
      this.metrics?.rateLimited(scope);
    }
    return decision;
  }
}

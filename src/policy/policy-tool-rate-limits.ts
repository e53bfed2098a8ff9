import { Injectable } from '@nestjs/common';

import { ToolPolicyCache } from './tool-policy.cache.js';
import { ToolRateLimitSource } from './tool-rate-limit.source.js';

/** The `rate_limit_per_minute` of `tool_policies`, served from memory (ToolPolicyCache). */
@Injectable()
export class PolicyToolRateLimits extends ToolRateLimitSource {
  constructor(private readonly policies: ToolPolicyCache) {
    super();
  }

  perMinuteFor(toolName: string): number | undefined {
    return this.policies.rateLimitPerMinuteFor(toolName);
  }
}

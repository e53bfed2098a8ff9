import { Injectable } from '@nestjs/common';

import { ToolRateLimitSource } from './tool-rate-limit.source.js';
import { EffectiveToolRegistry } from '../versions/effective-tool-registry.js';

/** The `rate_limit_per_minute` of `tool_policies`, served from the effective registry's memory. */
@Injectable()
export class PolicyToolRateLimits extends ToolRateLimitSource {
  constructor(private readonly effective: EffectiveToolRegistry) {
    super();
  }

  perMinuteFor(toolName: string): number | undefined {
    return this.effective.rateLimitPerMinuteFor(toolName);
  }
}

import { Injectable } from '@nestjs/common';

import { ToolPolicyCache } from './tool-policy.cache.js';
import { ToolTimeoutSource } from './tool-timeout.source.js';

/** The `timeout_ms` of `tool_policies`, served from memory (ToolPolicyCache). */
@Injectable()
export class PolicyToolTimeouts extends ToolTimeoutSource {
  constructor(private readonly policies: ToolPolicyCache) {
    super();
  }

  timeoutMsFor(toolName: string): number | undefined {
    return this.policies.timeoutMsFor(toolName);
  }
}

import { Injectable } from '@nestjs/common';

import { CallApprovalSource } from './call-approval.source.js';
import type { ToolCallApproval } from './tool-policy.js';
import { ToolPolicyCache } from './tool-policy.cache.js';

/** The `call_approval` of `tool_policies`, served from memory (ToolPolicyCache). */
@Injectable()
export class PolicyCallApprovals extends CallApprovalSource {
  constructor(private readonly policies: ToolPolicyCache) {
    super();
  }

  callApprovalFor(toolName: string): ToolCallApproval | undefined {
    return this.policies.callApprovalFor(toolName);
  }
}

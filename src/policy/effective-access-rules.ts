import { Injectable } from '@nestjs/common';

import type { CapabilityKind } from './access-decision.types.js';
import { type AccessRule, AccessRuleSource } from './access-rule.source.js';
import { CapabilityPolicyCache } from './capability-policy.cache.js';
import { ToolPolicyCache } from './tool-policy.cache.js';

/**
 * The application's {@link AccessRuleSource}: the operators' rules of tools (`tool_policies`)
 * and of prompts, resources and resource templates (`capability_policies`), both served from
 * memory, so the one access decision treats every kind alike without a database read.
 */
@Injectable()
export class EffectiveAccessRules extends AccessRuleSource {
  constructor(
    private readonly tools: ToolPolicyCache,
    private readonly capabilities: CapabilityPolicyCache,
  ) {
    super();
  }

  ruleFor(kind: CapabilityKind, name: string): AccessRule | undefined {
    return kind === 'tool' ? this.tools.ruleFor(name) : this.capabilities.ruleFor(kind, name);
  }
}

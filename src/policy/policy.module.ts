import { type DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { SecurityModule } from '../security/security.module.js';
import { AccessDecisionService } from './access-decision.service.js';
import { AccessRuleSource } from './access-rule.source.js';
import { AuditRowsSource } from './audit-rows.source.js';
import { CallApprovalSource } from './call-approval.source.js';
import { CapabilityPolicyCache } from './capability-policy.cache.js';
import { CapabilityPolicyEntity } from './capability-policy.entity.js';
import { CapabilityPolicyRepository } from './capability-policy.repository.js';
import { EffectiveAccessRules } from './effective-access-rules.js';
import { InMemoryAccessRuleSource } from './in-memory-access-rule.source.js';
import { PolicyAuditRows } from './policy-audit-rows.js';
import { PolicyCallApprovals } from './policy-call-approvals.js';
import { PolicyToolRateLimits } from './policy-tool-rate-limits.js';
import { PolicyToolTimeouts } from './policy-tool-timeouts.js';
import { ToolPolicyCache } from './tool-policy.cache.js';
import { ToolPolicyEntity } from './tool-policy.entity.js';
import { ToolPolicyRepository } from './tool-policy.repository.js';
import { ToolRateLimitSource } from './tool-rate-limit.source.js';
import { ToolTimeoutSource } from './tool-timeout.source.js';

/**
 * The access decision and its rule source. The in-memory source is the default; the app's
 * `PolicyModule.forApp()` serves the operators' policies instead (`tool_policies`,
 * `capability_policies`, cached in memory on every instance): their access rules, and the tool
 * timeouts, rate limits, call approvals and audit rows.
 */
@Global()
@Module({
  imports: [SecurityModule],
  providers: [
    InMemoryAccessRuleSource,
    { provide: AccessRuleSource, useExisting: InMemoryAccessRuleSource },
    AccessDecisionService,
  ],
  exports: [AccessDecisionService, AccessRuleSource, InMemoryAccessRuleSource],
})
export class PolicyModule {
  static forApp(): DynamicModule {
    return {
      module: PolicyModule,
      imports: [TypeOrmModule.forFeature([ToolPolicyEntity, CapabilityPolicyEntity])],
      providers: [
        ToolPolicyRepository,
        CapabilityPolicyRepository,
        ToolPolicyCache,
        CapabilityPolicyCache,
        EffectiveAccessRules,
        { provide: AccessRuleSource, useExisting: EffectiveAccessRules },
        { provide: ToolTimeoutSource, useClass: PolicyToolTimeouts },
        { provide: ToolRateLimitSource, useClass: PolicyToolRateLimits },
        { provide: CallApprovalSource, useClass: PolicyCallApprovals },
        { provide: AuditRowsSource, useClass: PolicyAuditRows },
      ],
      exports: [
        ToolPolicyRepository,
        CapabilityPolicyRepository,
        ToolPolicyCache,
        CapabilityPolicyCache,
        ToolTimeoutSource,
        ToolRateLimitSource,
        CallApprovalSource,
        AuditRowsSource,
      ],
    };
  }
}

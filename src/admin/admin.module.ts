import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';

import { HealthModule } from '../health/health.module.js';
import { KnowledgeBaseModule } from '../capabilities/knowledge-base/knowledge-base.module.js';
import { McpCoreModule } from '../mcp/mcp-core.module.js';
import { SkillsModule } from '../skills/skills.module.js';
import { behindAdminGuard } from './admin-edge.js';
import { AdminEdgeCheck } from './admin-edge.check.js';
import { AdminApprovalsController } from './approvals/admin-approvals.controller.js';
import { ApprovalAdminService } from './approvals/approval-admin.service.js';
import { AdminAuditController } from './audit/admin-audit.controller.js';
import { AdminOverviewController } from './overview/admin-overview.controller.js';
import { AdminKbImportsController } from './knowledge-base/admin-kb-imports.controller.js';
import { AdminPromptsController } from './capabilities/admin-prompts.controller.js';
import { PromptVersionDecisions } from './prompt-versions/prompt-version-decisions.js';
import { PromptVersionReader } from './prompt-versions/prompt-version-reader.js';
import { AdminResourcesController } from './capabilities/admin-resources.controller.js';
import { CapabilityAdminService } from './capabilities/capability-admin.service.js';
import { AdminSkillsController } from './skills/admin-skills.controller.js';
import { SkillAdminService } from './skills/skill-admin.service.js';
import { AdminSessionsController } from './sessions/admin-sessions.controller.js';
import { SessionAdminService } from './sessions/session-admin.service.js';
import { AdminToolsController } from './tools/admin-tools.controller.js';
import { ToolAdminService } from './tools/tool-admin.service.js';
import { AdminUpstreamsController } from './upstreams/admin-upstreams.controller.js';
import { UpstreamAdminService } from './upstreams/upstream-admin.service.js';

/**
 * The admin REST API under `/admin/api`: every controller is declared through
 * `behindAdminGuard`, so every route needs a token with role `admin` (or its `@AdminRoles`),
 * and AdminEdgeCheck refuses to start with an admin route declared elsewhere (docs/security.md
 * "Admin edge"). Expects the global DataSource, ChangeBus, CapabilityChanges,
 * CapabilityRegistry, ToolPolicyCache, ServedToolVersions, CapabilityPolicyCache, AdminGuard and
 * the FederationModule's Upstreams; imports the MCP core for the live sessions a revocation must
 * drop, the knowledge base for its imports, the health module for the readiness the overview
 * shows, and the skills for their served state.
 */
@Module({
  imports: [McpCoreModule, DiscoveryModule, KnowledgeBaseModule, HealthModule, SkillsModule],
  controllers: behindAdminGuard(
    AdminToolsController,
    AdminOverviewController,
    AdminPromptsController,
    AdminResourcesController,
    AdminSessionsController,
    AdminAuditController,
    AdminKbImportsController,
    AdminApprovalsController,
    AdminSkillsController,
    AdminUpstreamsController,
  ),
  providers: [
    ToolAdminService,
    CapabilityAdminService,
    SessionAdminService,
    ApprovalAdminService,
    SkillAdminService,
    UpstreamAdminService,
    PromptVersionDecisions,
    PromptVersionReader,
    AdminEdgeCheck,
  ],
})
export class AdminModule {}

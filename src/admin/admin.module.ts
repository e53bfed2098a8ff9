import { Module } from '@nestjs/common';

import { McpCoreModule } from '../mcp/mcp-core.module.js';
import { AdminAuditController } from './audit/admin-audit.controller.js';
import { AdminPromptsController } from './capabilities/admin-prompts.controller.js';
import { AdminResourcesController } from './capabilities/admin-resources.controller.js';
import { CapabilityAdminService } from './capabilities/capability-admin.service.js';
import { AdminSessionsController } from './sessions/admin-sessions.controller.js';
import { SessionAdminService } from './sessions/session-admin.service.js';
import { AdminToolsController } from './tools/admin-tools.controller.js';
import { ToolAdminService } from './tools/tool-admin.service.js';

/**
 * The admin REST API under `/admin/api` (role `admin`, AdminGuard). Expects the global
 * DataSource, ChangeBus, CapabilityChanges, CapabilityRegistry, EffectiveToolRegistry,
 * CapabilityPolicyCache and AdminGuard; imports the MCP core for the live sessions a
 * revocation must drop.
 */
@Module({
  imports: [McpCoreModule],
  controllers: [
    AdminToolsController,
    AdminPromptsController,
    AdminResourcesController,
    AdminSessionsController,
    AdminAuditController,
  ],
  providers: [ToolAdminService, CapabilityAdminService, SessionAdminService],
})
export class AdminModule {}

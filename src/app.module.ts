import { type DynamicModule, Module, type ModuleMetadata } from '@nestjs/common';

import { AdminModule } from './admin/admin.module.js';
import { ApprovalsModule } from './approvals/approvals.module.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { ConformanceCapabilitiesModule } from './capabilities/conformance/conformance-capabilities.module.js';
import { ExampleCapabilitiesModule } from './capabilities/example/example-capabilities.module.js';
import { KnowledgeBaseModule } from './capabilities/knowledge-base/knowledge-base.module.js';
import { IsolationExampleModule } from './capabilities/isolation-example/isolation-example.module.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { EventsModule } from './events/events.module.js';
import { FederationModule } from './federation/federation.module.js';
import { HealthModule } from './health/health.module.js';
import { IdempotencyModule } from './idempotency/idempotency.module.js';
import { createLoggerModule } from './logging/logging.module.js';
import { McpDiscoveryModule } from './mcp/discovery/mcp-discovery.module.js';
import { McpCoreModule } from './mcp/mcp-core.module.js';
import { CapabilityChangesModule } from './mcp/subscriptions/capability-changes.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { ShutdownModule } from './ops/shutdown/shutdown.module.js';
import { DatabaseModule } from './persistence/database.module.js';
import { PolicyModule } from './policy/policy.module.js';
import { RetentionModule } from './retention/retention.module.js';
import { PromptVersionsModule } from './versions/prompt-versions.module.js';
import { ToolVersionsModule } from './versions/tool-versions.module.js';
import { SecretsModule } from './security/secrets/secrets.module.js';
import { SecurityModule } from './security/security.module.js';
import { SessionsModule } from './sessions/sessions.module.js';
import { SkillsModule } from './skills/skills.module.js';
import { TasksModule } from './tasks/tasks.module.js';
import { TracingModule } from './tracing/tracing.module.js';
import { TransportModule } from './transport/transport.module.js';

export interface AppModuleOptions {
  /** `stderr` when stdout is the MCP channel (stdio transport). */
  readonly logDestination: 'stdout' | 'stderr';
  /** More feature modules, e.g. test-only capabilities; their providers are discovered alike. */
  readonly extraImports?: NonNullable<ModuleMetadata['imports']>;
}

/**
 * Composition root. Layers, top to bottom: transports → MCP core → capabilities (discovered
 * from opted-in feature modules) → policy/auth → persistence; ops modules on the side.
 * The conformance fixtures are only registered with `MCP_CONFORMANCE_FIXTURES=true`.
 */
@Module({})
export class AppModule {
  static forRoot(
    config: AppConfig,
    options: AppModuleOptions = { logDestination: 'stdout' },
  ): DynamicModule {
    const capabilityModules = [
      ExampleCapabilitiesModule,
      IsolationExampleModule,
      KnowledgeBaseModule,
      ...(config.mcp.conformanceFixtures ? [ConformanceCapabilitiesModule] : []),
    ];
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        createLoggerModule({ destination: options.logDestination }),
        DatabaseModule,
        EventsModule,
        SecretsModule,
        CapabilityChangesModule,
        AuditModule,
        SessionsModule,
        IdempotencyModule,
        ApprovalsModule,
        // Operator policy from `tool_policies` and `capability_policies`, cached in memory on every
        // instance (docs/architecture.md "Multi-instance").
        PolicyModule.forApp(),
        AuthModule.forRoot(config),
        SecurityModule,
        McpDiscoveryModule,
        ...capabilityModules,
        ToolVersionsModule.forApp(),
        PromptVersionsModule,
        // The tables of the policy caches and of the prompt records (src/policy, src/versions).
        McpCoreModule,
        // Upstream MCP servers served as ours, after the local capabilities and their versions.
        FederationModule,
        TasksModule,
        // Agent Skills (SEP-2640) from MCP_SKILLS_DIR and the capability modules (docs/skills.md).
        SkillsModule,
        TransportModule,
        AdminModule,
        MetricsModule,
        TracingModule.forRoot(config),
        HealthModule,
        RetentionModule,
        ShutdownModule,
        ...(options.extraImports ?? []),
      ],
    };
  }
}

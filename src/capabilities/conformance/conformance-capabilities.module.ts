import { Module } from '@nestjs/common';

import { McpCapabilitiesModule } from '../../mcp/discovery/index.js';
import { ConformanceContentTools } from './conformance-content.tools.js';
import { ConformanceInteractiveTools } from './conformance-interactive.tools.js';
import { ConformanceModernTools } from './conformance-modern.tools.js';
import { ConformanceMrtrPrompts } from './conformance-mrtr.prompts.js';
import { ConformanceMrtrTools } from './conformance-mrtr.tools.js';
import { ConformancePrompts } from './conformance.prompts.js';
import { ConformanceResources } from './conformance.resources.js';
import { PacedProgressTools } from './paced-progress.tools.js';
import { TasksConformanceTools } from './tasks-conformance.tools.js';

/**
 * The fixtures of the official MCP conformance suite (exact names, texts and data it checks),
 * plus `paced_progress` for the server's own stream tests. Imported by the AppModule only when `MCP_CONFORMANCE_FIXTURES=true`.
 */
@Module({
  imports: [McpCapabilitiesModule.forFeature()],
  providers: [
    ConformanceContentTools,
    ConformanceInteractiveTools,
    ConformanceModernTools,
    ConformanceMrtrTools,
    ConformanceResources,
    ConformancePrompts,
    ConformanceMrtrPrompts,
    TasksConformanceTools,
    PacedProgressTools,
  ],
})
export class ConformanceCapabilitiesModule {}

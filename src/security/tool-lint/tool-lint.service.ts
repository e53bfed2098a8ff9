import { Inject, Injectable, Logger } from '@nestjs/common';

import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.constants.js';
import type { ToolDefinition } from '../../protocol/capabilities/capability.types.js';
import { SecurityEvents } from '../security-events.service.js';
import { lintToolDefinition } from './lint-tool-definition.js';
import type { ToolLintFinding } from './tool-lint.types.js';

/** Registration refused a tool definition because `MCP_TOOL_LINT=block` and it has findings. */
export class ToolLintError extends Error {
  constructor(
    readonly tool: string,
    readonly findings: readonly ToolLintFinding[],
  ) {
    super(
      `tool "${tool}" looks poisoned (MCP_TOOL_LINT=block): ` +
        findings.map((f) => `${f.rule} at ${f.path || '/'} ("${f.excerpt}")`).join('; '),
    );
    this.name = 'ToolLintError';
  }
}

/**
 * Applies the tool-poisoning lint at registration: every finding is a security event; with
 * `MCP_TOOL_LINT=block` (the default) a definition with findings is refused, with `warn` it is
 * served and logged.
 */
@Injectable()
export class ToolLintService {
  private readonly logger = new Logger(ToolLintService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly events: SecurityEvents,
  ) {}

  /** @throws ToolLintError in block mode when the definition has findings */
  enforce(definition: ToolDefinition): readonly ToolLintFinding[] {
    const findings = lintToolDefinition(definition);
    if (findings.length === 0) return findings;
    for (const finding of findings) {
      this.events.record(
        'tool_lint',
        undefined,
        `${definition.name}@${definition.version}: ${finding.rule} at ${finding.path || '/'}`,
      );
    }
    if (this.config.mcp.toolLint === 'block') throw new ToolLintError(definition.name, findings);
    this.logger.warn(`tool "${definition.name}" served despite lint findings (MCP_TOOL_LINT=warn)`);
    return findings;
  }
}

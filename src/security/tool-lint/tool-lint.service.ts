import { Inject, Injectable, Logger } from '@nestjs/common';

import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.constants.js';
import type { ToolDefinition } from '../../protocol/capabilities/capability.types.js';
import { SecurityEvents } from '../security-events.service.js';
import { lintServedFields, lintToolDefinition } from './lint-tool-definition.js';
import type { ToolLintFinding } from './tool-lint.types.js';

/** What a linted definition is, as findings and errors name it. */
export type LintedKind = 'tool' | 'prompt' | 'resource' | 'resource template';

/** Registration refused a tool definition because `MCP_TOOL_LINT=block` and it has findings. */
export class ToolLintError extends Error {
  constructor(
    readonly tool: string,
    readonly findings: readonly ToolLintFinding[],
    kind: LintedKind = 'tool',
  ) {
    super(
      `${kind} "${tool}" looks poisoned (MCP_TOOL_LINT=block): ` +
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
    return this.decide(
      'tool',
      definition.name,
      `${definition.name}@${definition.version}`,
      lintToolDefinition(definition),
    );
  }

  /**
   * The same decision for another served definition (an upstream's prompt, resource or
   * template: docs/federation.md "Versions"), given the fields that reach the model.
   *
   * @throws ToolLintError in block mode when the fields have findings
   */
  enforceFields(
    kind: Exclude<LintedKind, 'tool'>,
    name: string,
    fields: Readonly<Record<string, unknown>>,
  ): readonly ToolLintFinding[] {
    return this.decide(kind, name, `${kind} ${name}`, lintServedFields(fields));
  }

  private decide(
    kind: LintedKind,
    name: string,
    label: string,
    findings: readonly ToolLintFinding[],
  ): readonly ToolLintFinding[] {
    if (findings.length === 0) return findings;
    for (const finding of findings) {
      this.events.record(
        'tool_lint',
        undefined,
        `${label}: ${finding.rule} at ${finding.path || '/'}`,
      );
    }
    if (this.config.mcp.toolLint === 'block') throw new ToolLintError(name, findings, kind);
    this.logger.warn(`${kind} "${name}" served despite lint findings (MCP_TOOL_LINT=warn)`);
    return findings;
  }
}

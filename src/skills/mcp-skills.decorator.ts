import { SetMetadata } from '@nestjs/common';

export const MCP_SKILLS_METADATA = 'mcp:skills';

/** Skills a capability module ships with its code (docs/skills.md "Skills in a module"). */
export interface McpSkillsOptions {
  /**
   * The folder of the skills, usually `new URL('./skills', import.meta.url)`: each subfolder
   * holding a SKILL.md is a skill, as in `MCP_SKILLS_DIR`. The build copies
   * `src/capabilities/<module>/skills/**` beside the compiled code.
   */
  readonly directory: URL;
  /** Only principals holding one of these roles see the skills (none: every principal). */
  readonly roles?: readonly string[];
}

/**
 * Marks a provider of a capability module as the source of skills; discovered at boot like
 * `@McpTool`, served through the SEP-2640 skills extension and governed like folder skills
 * (policy, recorded versions, approval).
 */
export function McpSkills(options: McpSkillsOptions): ClassDecorator {
  return SetMetadata(MCP_SKILLS_METADATA, Object.freeze({ ...options }));
}

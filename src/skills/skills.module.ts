import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';

import { McpCoreModule } from '../mcp/mcp-core.module.js';
import { SkillAccess } from './skill-access.js';
import { SkillReadAudit } from './skill-read.audit.js';
import { SkillServing } from './skill-serving.service.js';
import { SkillSources } from './skill-sources.js';
import { SkillFileEntity, SkillVersionEntity } from './skill-version.entity.js';
import { SkillVersionStore } from './skill-version.store.js';
import { SkillsExtension } from './skills.extension.js';

/**
 * Agent Skills over MCP (SEP-2640, docs/skills.md): skills from `MCP_SKILLS_DIR` and from
 * `@McpSkills` providers of capability modules, recorded in `skill_versions`/`skill_files`,
 * governed by the access decision and `MCP_TOOL_APPROVAL`, served by {@link SkillsExtension},
 * which registers itself with the MCP core at init. Needs DatabaseModule, EventsModule and
 * PolicyModule (global).
 */
@Module({
  imports: [
    McpCoreModule,
    DiscoveryModule,
    TypeOrmModule.forFeature([SkillVersionEntity, SkillFileEntity]),
  ],
  providers: [
    SkillSources,
    SkillVersionStore,
    SkillServing,
    SkillAccess,
    SkillReadAudit,
    SkillsExtension,
  ],
  exports: [SkillServing, SkillVersionStore],
})
export class SkillsModule {}

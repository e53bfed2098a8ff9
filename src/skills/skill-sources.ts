import { Inject, Injectable } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { fileURLToPath } from 'node:url';

import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.constants.js';
import type { AccessRequirements } from '../protocol/capabilities/capability.types.js';
import { OPEN_ACCESS, type LoadedSkill, type SkillOrigin } from './loaded-skill.js';
import { MCP_SKILLS_METADATA, type McpSkillsOptions } from './mcp-skills.decorator.js';
import { loadSkillFolder, type SkillLoadProblem } from './skill-folder.loader.js';

export interface SkillFolder {
  readonly root: string;
  readonly origin: SkillOrigin;
  readonly access: AccessRequirements;
}

export interface LoadedSkills {
  readonly skills: readonly LoadedSkill[];
  readonly problems: readonly SkillLoadProblem[];
}

/**
 * Where skills come from: the folders of `@McpSkills` providers (read once: they ship with the
 * code) and `MCP_SKILLS_DIR` (read again on every change). A skill path served by two sources
 * is refused in the later one, naming its SKILL.md.
 */
@Injectable()
export class SkillSources {
  private moduleSkills: LoadedSkills | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly discovery: DiscoveryService,
  ) {}

  /** The watched folder, if any. */
  get folder(): string | undefined {
    return this.config.mcp.skillsDir;
  }

  async load(): Promise<LoadedSkills> {
    this.moduleSkills ??= await loadAll(this.moduleFolders());
    const folder = this.folder;
    const fromFolder =
      folder === undefined
        ? { skills: [], problems: [] }
        : await loadAll([{ root: folder, origin: 'folder', access: OPEN_ACCESS }]);
    return merge([this.moduleSkills, fromFolder]);
  }

  private moduleFolders(): SkillFolder[] {
    const folders: SkillFolder[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const type: unknown = wrapper.metatype;
      if (typeof type !== 'function') continue;
      const options = Reflect.getMetadata(MCP_SKILLS_METADATA, type) as
        McpSkillsOptions | undefined;
      if (options === undefined) continue;
      folders.push({
        root: fileURLToPath(options.directory),
        origin: `module:${type.name}`,
        access: { ...OPEN_ACCESS, roles: [...(options.roles ?? [])] },
      });
    }
    return folders;
  }
}

async function loadAll(folders: readonly SkillFolder[]): Promise<LoadedSkills> {
  return merge(await Promise.all(folders.map((folder) => loadSkillFolder(folder))));
}

function merge(parts: readonly LoadedSkills[]): LoadedSkills {
  const byPath = new Map<string, LoadedSkill>();
  const problems: SkillLoadProblem[] = [];
  for (const part of parts) {
    problems.push(...part.problems);
    for (const skill of part.skills) {
      const first = byPath.get(skill.path);
      if (first === undefined) byPath.set(skill.path, skill);
      else {
        problems.push({
          file: skill.location,
          message: `skill path "${skill.path}" is already served by ${first.origin}`,
        });
      }
    }
  }
  return { skills: [...byPath.values()], problems };
}

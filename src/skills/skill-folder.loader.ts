import type { Dirent } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

import type { AccessRequirements } from '../protocol/capabilities/capability.types.js';
import {
  type LoadedSkill,
  manifestDigest,
  sha256Digest,
  SKILL_MANIFEST,
  type SkillFile,
  type SkillOrigin,
  skillUri,
} from './loaded-skill.js';
import { mediaTypeOf } from './skill-media-types.js';
import { parseSkillFrontmatter, SKILL_NAME } from './skill-frontmatter.js';

/** SEP-2640 "Limits": at most 512 files and 16 MiB in one skill, SKILL.md included. */
export const MAX_SKILL_FILES = 512;
export const MAX_SKILL_BYTES = 16 * 1024 * 1024;

/** Why one skill (or folder) was refused at load, naming the file at fault. */
export interface SkillLoadProblem {
  readonly file: string;
  readonly message: string;
}

export interface SkillFolderContents {
  readonly skills: readonly LoadedSkill[];
  readonly problems: readonly SkillLoadProblem[];
}

interface SkillSource {
  readonly root: string;
  readonly origin: SkillOrigin;
  readonly access: AccessRequirements;
}

/**
 * Reads every skill under `root`: each folder holding a SKILL.md is one, its `<skill-path>` the
 * folder's path below `root` (nested paths allowed, a skill inside another's folder too). Dot
 * files and symbolic links are skipped, so nothing outside `root` is ever served. A skill that
 * breaks the naming rules or the limits, or whose frontmatter is bad, is refused with a
 * problem naming the file; the others load.
 */
export async function loadSkillFolder(source: SkillSource): Promise<SkillFolderContents> {
  const skills: LoadedSkill[] = [];
  const problems: SkillLoadProblem[] = [];
  for (const dir of await skillDirectories(source.root)) {
    const loaded = await loadSkill(source, dir).catch(vanished);
    if (loaded === undefined) continue;
    if ('problem' in loaded) problems.push(loaded.problem);
    else skills.push(loaded);
  }
  skills.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { skills, problems };
}

async function skillDirectories(root: string): Promise<string[]> {
  const found: string[] = [];
  const visit = async (dir: string): Promise<void> => {
    const entries = await listEntries(dir);
    if (dir !== root && entries.some((e) => e.isFile() && e.name === SKILL_MANIFEST)) {
      found.push(dir);
    }
    for (const entry of entries) {
      if (entry.isDirectory()) await visit(join(dir, entry.name));
    }
  };
  await visit(root);
  return found;
}

async function loadSkill(
  source: SkillSource,
  dir: string,
): Promise<LoadedSkill | { readonly problem: SkillLoadProblem }> {
  const manifestFile = join(dir, SKILL_MANIFEST);
  const refuse = (message: string, file = manifestFile) => ({ problem: { file, message } });
  const skillPath = relative(source.root, dir).split(sep).join('/');
  const badSegment = skillPath.split('/').find((segment) => !SKILL_NAME.test(segment));
  if (badSegment !== undefined) {
    return refuse(
      `folder "${badSegment}" breaks the skill naming rules (lowercase letters, digits, single hyphens, 1-64)`,
    );
  }
  const paths = await filesBelow(dir);
  if (paths.length > MAX_SKILL_FILES) {
    return refuse(`the skill has ${paths.length} files, more than ${MAX_SKILL_FILES}`);
  }
  const sizes = await Promise.all(paths.map(async (path) => (await stat(join(dir, path))).size));
  const total = sizes.reduce((sum, size) => sum + size, 0);
  if (total > MAX_SKILL_BYTES) {
    const largest = sizes.indexOf(Math.max(...sizes));
    return refuse(
      `the skill's files total ${total} bytes, more than ${MAX_SKILL_BYTES} (16 MiB); ` +
        `the largest is ${join(dir, paths[largest] ?? '')} (${sizes[largest]} bytes)`,
    );
  }
  const files: SkillFile[] = [];
  for (const path of paths) {
    const content = await readFile(join(dir, path));
    files.push({
      path,
      uri: skillUri(skillPath, path),
      digest: sha256Digest(content),
      size: content.length,
      mimeType: mediaTypeOf(path),
      content,
    });
  }
  const manifest = files.find((file) => file.path === SKILL_MANIFEST);
  const folderName = skillPath.slice(skillPath.lastIndexOf('/') + 1);
  const parsed = parseSkillFrontmatter(manifest?.content.toString('utf8') ?? '', folderName);
  if ('problem' in parsed) return refuse(parsed.problem);
  return {
    path: skillPath,
    name: parsed.name,
    description: parsed.description,
    frontmatter: parsed.frontmatter,
    files,
    digest: manifestDigest(skillPath, parsed.frontmatter, files),
    origin: source.origin,
    location: manifestFile,
    access: source.access,
  };
}

/** Regular files below `dir`, as sorted `/`-separated relative paths. */
async function filesBelow(dir: string): Promise<string[]> {
  const paths: string[] = [];
  const visit = async (current: string): Promise<void> => {
    for (const entry of await listEntries(current)) {
      const full = join(current, entry.name);
      if (entry.isDirectory()) await visit(full);
      else if (entry.isFile()) paths.push(relative(dir, full).split(sep).join('/'));
    }
  };
  await visit(dir);
  return paths.sort();
}

/**
 * Entries of a folder without dot files; symbolic links are neither files nor folders here. A
 * folder removed while it is read has none (the watcher reads again once the change settles).
 */
async function listEntries(dir: string): Promise<Dirent[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(vanished);
  return (entries ?? []).filter((entry) => !entry.name.startsWith('.'));
}

/** A file or folder deleted between listing and reading is skipped; anything else is thrown. */
function vanished(error: unknown): undefined {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
  throw error;
}

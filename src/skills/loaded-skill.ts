import { createHash } from 'node:crypto';

import type { AccessRequirements } from '../protocol/capabilities/capability.types.js';
import type { JsonObject } from '../protocol/json-rpc/json-rpc.types.js';
import { canonicalJson } from '../protocol/schema/canonical-json.js';

/** The URI scheme of skill resources (SEP-2640 "Resource URIs"). */
export const SKILL_SCHEME = 'skill://';
export const SKILL_MANIFEST = 'SKILL.md';

/** One file of a skill: its place in the skill, its bytes and their SEP-2640 identity. */
export interface SkillFile {
  /** Path inside the skill folder, `/`-separated, e.g. `references/FORMS.md`. */
  readonly path: string;
  /** `skill://<skill-path>/<path>`. */
  readonly uri: string;
  /** `sha256:<64 lowercase hex>` of the raw bytes. */
  readonly digest: string;
  readonly size: number;
  readonly mimeType: string;
  readonly content: Buffer;
}

/** Where a skill came from: the `MCP_SKILLS_DIR` folder or a capability module's code. */
export type SkillOrigin = 'folder' | `module:${string}`;

/** A skill as read from its folder: frontmatter, files and the digest of its manifest. */
export interface LoadedSkill {
  /** `<skill-path>`: the folder path below its root, e.g. `billing/refunds`; its last segment is the name. */
  readonly path: string;
  readonly name: string;
  readonly description: string;
  /** The SKILL.md YAML frontmatter, verbatim, as a JSON object. */
  readonly frontmatter: JsonObject;
  /** Every file of the skill, SKILL.md included, sorted by path. */
  readonly files: readonly SkillFile[];
  /** `sha256:…` of the canonical manifest (frontmatter and every file's path, digest and size). */
  readonly digest: string;
  readonly origin: SkillOrigin;
  /** Where its SKILL.md was read from, for messages: a file path, or the recorded version. */
  readonly location: string;
  /** Roles and scopes the shipping code declares; folder skills declare none. */
  readonly access: AccessRequirements;
}

export const OPEN_ACCESS: AccessRequirements = Object.freeze({
  roles: [],
  scopes: [],
  isPublic: false,
});

export function sha256Digest(bytes: Buffer | string): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

export function skillUri(skillPath: string, filePath: string): string {
  return `${SKILL_SCHEME}${skillPath}/${filePath.split('/').map(encodeURIComponent).join('/')}`;
}

/** The manifest a skill version is identified by: what `skills/list` publishes of it. */
export function manifestDigest(
  skillPath: string,
  frontmatter: JsonObject,
  files: readonly Pick<SkillFile, 'path' | 'digest' | 'size'>[],
): string {
  const manifest = {
    path: skillPath,
    frontmatter,
    files: files.map(({ path, digest, size }) => ({ path, digest, size })),
  };
  return sha256Digest(canonicalJson(manifest));
}

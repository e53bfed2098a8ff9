import { isDeepStrictEqual } from 'node:util';

import { parse } from 'yaml';

import { isPlainObject } from '../protocol/json-rpc/json-rpc-message.validator.js';
import type { JsonObject } from '../protocol/json-rpc/json-rpc.types.js';

/**
 * A skill name and every `<skill-path>` segment: 1–64 lowercase letters, digits and hyphens, no
 * leading, trailing or consecutive hyphen (Agent Skills specification, "name"; SEP-2640 "Naming").
 */
export const SKILL_NAME = /^(?!.*--)[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$/;
/** Agent Skills specification: `description` is at most 1024 characters. */
const MAX_DESCRIPTION = 1024;
const FRONTMATTER = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;
const RESERVED_METADATA_PREFIX = 'io.modelcontextprotocol/';

export interface SkillFrontmatter {
  readonly frontmatter: JsonObject;
  readonly name: string;
  readonly description: string;
}

/**
 * The YAML frontmatter of a SKILL.md as a JSON object, checked against the Agent Skills rules:
 * `name` equal to the folder name, a non-empty `description`, JSON values only, no key of
 * `metadata` under the prefix MCP reserves. Returns the problem otherwise.
 */
export function parseSkillFrontmatter(
  text: string,
  folderName: string,
): SkillFrontmatter | { readonly problem: string } {
  const block = FRONTMATTER.exec(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  if (block === null) return { problem: 'does not begin with a --- delimited YAML frontmatter' };
  let parsed: unknown;
  try {
    parsed = parse(block[1] ?? '');
  } catch (error) {
    return { problem: `frontmatter is not valid YAML: ${(error as Error).message.split('\n')[0]}` };
  }
  if (!isPlainObject(parsed)) return { problem: 'frontmatter is not a YAML mapping' };
  if (!isDeepStrictEqual(JSON.parse(JSON.stringify(parsed)), parsed)) {
    return { problem: 'frontmatter holds values JSON cannot carry (dates, binary, …)' };
  }
  const { name, description, metadata } = parsed;
  if (typeof name !== 'string' || name === '') return { problem: 'frontmatter has no "name"' };
  if (!SKILL_NAME.test(name)) {
    return {
      problem: `name "${name}" breaks the naming rules (lowercase letters, digits, single hyphens, 1-64)`,
    };
  }
  if (name !== folderName) {
    return { problem: `name "${name}" differs from its folder name "${folderName}"` };
  }
  if (typeof description !== 'string' || description.trim() === '') {
    return { problem: 'frontmatter has no "description"' };
  }
  if (description.length > MAX_DESCRIPTION) {
    return { problem: `description is longer than ${MAX_DESCRIPTION} characters` };
  }
  if (isPlainObject(metadata)) {
    const reserved = Object.keys(metadata).find((key) => key.startsWith(RESERVED_METADATA_PREFIX));
    if (reserved !== undefined) {
      return { problem: `metadata key "${reserved}" uses the prefix MCP reserves` };
    }
  }
  return { frontmatter: parsed, name, description };
}

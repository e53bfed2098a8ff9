import { statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';

import type { EnvReader } from './env-reader.js';

// The settings of `loadConfig` that take more than one line to read and check.

/**
 * Comma-separated like `MCP_STDIO_ROLES`. A scope token never holds a space (RFC 6749 §3.3), so
 * a space means the value was written OAuth-style (`"a b"`): refused rather than read as one scope.
 */
export function readStdioScopes(read: EnvReader): string[] {
  const scopes = read.list('MCP_STDIO_SCOPES');
  if (scopes.some((scope) => /\s/.test(scope))) {
    read.fail('MCP_STDIO_SCOPES is comma-separated (e.g. "compute,tickets:write"), got spaces');
  }
  return scopes;
}

/** `LOG_FORMAT`, or its older spelling `LOG_PRETTY=true|false`; the two must not disagree. */
export function readLogFormat(read: EnvReader): 'json' | 'pretty' | undefined {
  const format = read.optionalOneOf('LOG_FORMAT', ['json', 'pretty'] as const);
  const pretty = read.boolean('LOG_PRETTY');
  const legacy = pretty === undefined ? undefined : pretty ? 'pretty' : 'json';
  if (format !== undefined && legacy !== undefined && format !== legacy) {
    read.fail(`LOG_FORMAT=${format} and LOG_PRETTY=${String(pretty)} disagree: drop LOG_PRETTY`);
  }
  return format ?? legacy;
}

/** A short HMAC key is guessable offline from one signed state: refuse it. */
export function readStateSecret(read: EnvReader): string | undefined {
  const secret = read.string('MCP_STATE_SECRET');
  if (secret !== undefined && secret.length < 32) {
    read.fail('MCP_STATE_SECRET must be at least 32 characters');
  }
  return secret;
}

export function stripTrailingSlash(url: string): string {
  return url.length > 1 && url.endsWith('/') ? url.slice(0, -1) : url;
}

export function safeUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** A typo must not serve no skill silently: the folder has to exist. */
export function readSkillsDir(read: EnvReader): string | undefined {
  const dir = read.string('MCP_SKILLS_DIR');
  if (dir === undefined || dir === '') return undefined;
  const folder = resolve(dir);
  if (statSync(folder, { throwIfNoEntry: false })?.isDirectory() !== true) {
    read.fail(`MCP_SKILLS_DIR ${folder} is not a folder`);
  }
  return folder;
}

import { createHash } from 'node:crypto';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { McpError, ResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { expect } from 'vitest';

/** The fixture skills: `pdf-processing` (nested files) and `acme/billing/refunds` (nested path). */
export const FIXTURE_SKILLS = resolve(import.meta.dirname, '../fixtures/skills');

export interface SkillEntry {
  readonly uri: string;
  readonly frontmatter: Record<string, unknown>;
  readonly resources: readonly { uri: string; digest: string; size: number }[];
}

/** A private, writable copy of the fixture skills; `remove()` deletes it. */
export async function copyFixtureSkills(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'mcp-skills-'));
  await cp(FIXTURE_SKILLS, dir, { recursive: true });
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export async function fileDigest(path: string): Promise<string> {
  return `sha256:${createHash('sha256')
    .update(await readFile(path))
    .digest('hex')}`;
}

/** The SDK client has no skills methods: a raw request, its result as the server sent it. */
export async function skillsRequest(
  client: Client,
  method: string,
  params: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
  return client.request({ method, params }, ResultSchema);
}

/** Every `skills/list` page, following `nextCursor`. */
export async function listAllSkills(
  client: Client,
): Promise<{ pages: SkillEntry[][]; skills: SkillEntry[] }> {
  const pages: SkillEntry[][] = [];
  let cursor: string | undefined;
  do {
    const page = await skillsRequest(client, 'skills/list', cursor === undefined ? {} : { cursor });
    pages.push(page.skills as SkillEntry[]);
    cursor = page.nextCursor as string | undefined;
  } while (cursor !== undefined && pages.length < 50);
  return { pages, skills: pages.flat() };
}

/** The JSON-RPC error code a refused request got. */
export async function errorCode(attempt: Promise<unknown>): Promise<number> {
  const error = await attempt.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(McpError);
  return (error as McpError).code;
}

import { randomUUID } from 'node:crypto';

import { expect, it } from 'vitest';

import { loadConfig } from '../../src/config/app-config.js';
import type { ToolDefinition } from '../../src/protocol/capabilities/capability.types.js';
import { PostgresToolVersionStore } from '../../src/versions/postgres-tool-version.store.js';
import { describeEachDatabase, useTestDatabase } from '../support/database.js';

function definition(overrides: Partial<ToolDefinition> = {}): ToolDefinition {
  return {
    name: `tool-${randomUUID()}`,
    description: 'Echoes its input',
    inputSchema: { type: 'object', properties: { text: { type: 'string' } } },
    version: '1.0.0',
    definitionSha256: 'c'.repeat(64),
    ...overrides,
  };
}

interface VersionRow {
  id: string;
  version: string;
  definition_sha256: string;
  definition: ToolDefinition;
  first_seen_at: Date;
  last_seen_at: Date;
}

describeEachDatabase(PostgresToolVersionStore.name, (tier) => {
  const db = useTestDatabase(tier);
  const sut = () => new PostgresToolVersionStore(db().dataSource, loadConfig({}));
  const versionsOf = async (name: string) =>
    await db().dataSource.query<VersionRow[]>(
      `SELECT id, version, definition_sha256, definition, first_seen_at, last_seen_at
       FROM tool_versions WHERE name = $1 ORDER BY version, definition_sha256`,
      [name],
    );

  it('should insert each distinct (name, version, hash) once', async () => {
    const v1 = definition();
    const changed = { ...v1, description: 'changed', definitionSha256: 'd'.repeat(64) };
    const v2 = { ...v1, version: '2.0.0' };
    await sut().recordDefinitions([v1, v1, changed, v2]);
    const rows = await versionsOf(v1.name);
    expect(rows.map((row) => [row.version, row.definition_sha256])).toEqual([
      ['1.0.0', 'c'.repeat(64)],
      ['1.0.0', 'd'.repeat(64)],
      ['2.0.0', 'c'.repeat(64)],
    ]);
    expect(rows[0]?.definition).toEqual(v1);
    expect(rows[0]?.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('should move last_seen_at but never rewrite a known definition', async () => {
    const original = definition();
    await sut().recordDefinitions([original]);
    const [before] = await versionsOf(original.name);
    await sut().recordDefinitions([{ ...original, description: 'same hash, other text' }]);
    const rows = await versionsOf(original.name);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.definition.description).toBe(original.description);
    expect(rows[0]?.first_seen_at).toEqual(before?.first_seen_at);
    expect(rows[0]?.last_seen_at.getTime()).toBeGreaterThanOrEqual(
      before?.last_seen_at.getTime() ?? Infinity,
    );
  });

  it('should refuse a malformed hash and write nothing', async () => {
    const good = definition();
    await expect(
      sut().recordDefinitions([good, definition({ definitionSha256: 'xyz' })]),
    ).rejects.toThrow(/not a SHA-256/);
    expect(await versionsOf(good.name)).toEqual([]);
  });

  it('should escape NUL characters in the stored definition', async () => {
    const tool = definition({ description: 'a\u0000b', inputSchema: { 'k\u0000': {} } });
    await sut().recordDefinitions([tool]);
    const [row] = await versionsOf(tool.name);
    expect(row?.definition).toMatchObject({
      description: 'a\\u0000b',
      inputSchema: { 'k\\u0000': {} },
    });
  });

  it('should accept an empty list', async () => {
    await expect(sut().recordDefinitions([])).resolves.toBeUndefined();
  });
});

import { randomUUID } from 'node:crypto';

import { expect, it } from 'vitest';

import { loadConfig } from '../../src/config/app-config.js';
import type { ToolDefinition } from '../../src/protocol/capabilities/capability.types.js';
import { PostgresToolVersionStore } from '../../src/versions/postgres-tool-version.store.js';
import { ToolVersionEntity } from '../../src/versions/tool-version.entity.js';
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
  const db = useTestDatabase(tier, { entities: [ToolVersionEntity] });
  const sut = () =>
    new PostgresToolVersionStore(db().dataSource.getRepository(ToolVersionEntity), loadConfig({}));
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

  it("should start a definition pending when its tool's policy requires approval", async () => {
    const [gated, open, defaulted] = [definition(), definition(), definition()];
    await db().dataSource.query(
      `INSERT INTO tool_policies (name, approval_required) VALUES ($1, true), ($2, NULL)`,
      [gated.name, defaulted.name],
    );
    await sut().recordDefinitions([gated, open, defaulted]);
    const statuses = await db().dataSource.query<{ name: string; status: string }[]>(
      `SELECT name, status, decided_by, decided_at IS NOT NULL AS decided
       FROM tool_versions WHERE name = ANY($1::text[])`,
      [[gated.name, open.name, defaulted.name]],
    );
    expect(statuses).toEqual(
      expect.arrayContaining([
        { name: gated.name, status: 'pending', decided_by: null, decided: false },
        { name: open.name, status: 'approved', decided_by: 'auto', decided: true },
        { name: defaulted.name, status: 'approved', decided_by: 'auto', decided: true },
      ]),
    );
    expect(statuses).toHaveLength(3);
  });

  it('should audit each definition the first time it is recorded, and only then', async () => {
    const tool = definition();
    await sut().recordDefinitions([tool]);
    await sut().recordDefinitions([tool, { ...tool, version: '2.0.0' }]);
    const audited = await db().dataSource.query<{ tool_version: string }[]>(
      `SELECT tool_version FROM audit_log
       WHERE action = 'tool_version.recorded' AND tool_name = $1 ORDER BY id`,
      [tool.name],
    );
    expect(audited.map((row) => row.tool_version)).toEqual(['1.0.0', '2.0.0']);
  });

  it('should accept an empty list', async () => {
    await expect(sut().recordDefinitions([])).resolves.toBeUndefined();
  });
});

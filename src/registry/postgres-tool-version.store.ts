import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { ToolDefinition } from '../mcp/discovery/capability.types.js';
import { pgPoolOf } from '../persistence/pg-pool.js';
import { toJsonb } from '../persistence/postgres-text.js';
import { ToolVersionStore } from './tool-version.store.js';

/**
 * One statement for any number of definitions. A known (name, version, hash) only gets its
 * `last_seen_at` moved: the definition columns of an existing row are never rewritten.
 */
const UPSERT_SQL = `
INSERT INTO tool_versions (name, version, definition_sha256, definition)
SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[])
ON CONFLICT (name, version, definition_sha256) DO UPDATE SET last_seen_at = now()`;

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** {@link ToolVersionStore} on the `tool_versions` table. */
@Injectable()
export class PostgresToolVersionStore extends ToolVersionStore {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async recordDefinitions(definitions: readonly ToolDefinition[]): Promise<void> {
    // ON CONFLICT DO UPDATE refuses to touch one row twice in a statement: dedupe first.
    const unique = new Map<string, ToolDefinition>();
    for (const definition of definitions) {
      if (!SHA256_HEX.test(definition.definitionSha256)) {
        throw new Error(`tool ${definition.name}: definitionSha256 is not a SHA-256 hex digest`);
      }
      unique.set(
        `${definition.name}\n${definition.version}\n${definition.definitionSha256}`,
        definition,
      );
    }
    if (unique.size === 0) return;
    const rows = [...unique.values()];
    await pgPoolOf(this.dataSource).query(UPSERT_SQL, [
      rows.map((d) => d.name),
      rows.map((d) => d.version),
      rows.map((d) => d.definitionSha256),
      rows.map((d) => toJsonb(d)),
    ]);
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { appendToAuditChain } from '../audit/audit-chain.writer.js';
import type { AuditRow } from '../audit/audit-row.js';
import { pgPoolOf } from '../persistence/pg-pool.js';
import { withTransaction } from '../persistence/pg-transaction.js';
import { toJsonb } from '../persistence/postgres-text.js';
import type { PromptDefinition } from './prompt-definition.js';
import { registryChangeRow } from './version-change.row.js';

/**
 * One statement for every declared prompt. A known (name, hash) only gets its `last_seen_at`
 * moved; a new one is inserted and returned with the hash last seen before this statement
 * (`previous` reads the snapshot the statement started with, Postgres docs §7.8.4), or NULL at
 * first sight. `xmax = 0` tells rows this statement inserted from updated ones, so instances
 * booting together audit a new definition once (the second waits on the first's row lock).
 */
const UPSERT_SQL = `
WITH declared AS (
  SELECT * FROM unnest($1::text[], $2::text[], $3::jsonb[]) AS d(name, sha256, definition)
), previous AS (
  SELECT DISTINCT ON (name) name, definition_sha256
  FROM prompt_versions WHERE name = ANY($1::text[])
  ORDER BY name, last_seen_at DESC, first_seen_at DESC
), upserted AS (
  INSERT INTO prompt_versions (name, definition_sha256, definition)
  SELECT name, sha256, definition FROM declared
  ON CONFLICT (name, definition_sha256) DO UPDATE SET last_seen_at = now()
  RETURNING name, definition_sha256, (xmax = 0) AS inserted
)
SELECT u.name, u.definition_sha256, p.definition_sha256 AS previous_sha256
FROM upserted u LEFT JOIN previous p ON p.name = u.name
WHERE u.inserted`;

interface RecordedRow {
  name: string;
  definition_sha256: string;
  previous_sha256: string | null;
}

/**
 * `prompt_versions`: every distinct prompt definition, like `tool_versions` for tools. Each one
 * seen for the first time is audited (`registry.change`, action `prompt_version.recorded`, with
 * the hash it replaces) in the same transaction, so prompt drift is on record.
 */
@Injectable()
export class PromptVersionStore {
  constructor(private readonly dataSource: DataSource) {}

  async recordDefinitions(definitions: readonly PromptDefinition[]): Promise<void> {
    if (definitions.length === 0) return;
    await withTransaction(pgPoolOf(this.dataSource), async (client) => {
      const { rows } = await client.query<RecordedRow>(UPSERT_SQL, [
        definitions.map((d) => d.name),
        definitions.map((d) => d.definitionSha256),
        definitions.map((d) => toJsonb(d)),
      ]);
      await appendToAuditChain(client, rows.map(recordedRow));
    });
  }
}

function recordedRow(row: RecordedRow): AuditRow {
  return registryChangeRow({
    action: 'prompt_version.recorded',
    target: row.name,
    definitionSha256: row.definition_sha256,
    changeBefore: row.previous_sha256 === null ? null : { definitionSha256: row.previous_sha256 },
    changeAfter: { definitionSha256: row.definition_sha256 },
  });
}

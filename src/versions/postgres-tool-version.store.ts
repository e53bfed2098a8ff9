import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { appendToAuditChain } from '../audit/audit-chain.writer.js';
import type { AuditRow } from '../audit/audit-row.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.constants.js';
import type { ToolDefinition } from '../protocol/capabilities/capability.types.js';
import { pgPoolOf } from '../persistence/pg-pool.js';
import { toJsonb } from '../persistence/postgres-text.js';
import { withTransaction } from '../persistence/pg-transaction.js';
import { registryChangeRow } from './version-change.row.js';
import { ToolVersionStore } from './tool-version.store.js';

/**
 * One statement for any number of definitions. A known (name, version, hash) only gets its
 * `last_seen_at` moved: the definition columns of an existing row are never rewritten. A new
 * one starts `pending` when its tool's policy (else `MCP_TOOL_APPROVAL`, $5) requires approval,
 * else `approved` by `auto`. `xmax = 0` tells rows this statement inserted from updated ones.
 */
const UPSERT_SQL = `
INSERT INTO tool_versions (name, version, definition_sha256, definition, status, decided_by,
  decided_at)
SELECT d.name, d.version, d.sha256, d.definition,
  CASE WHEN coalesce(p.approval_required, $5) THEN 'pending' ELSE 'approved' END,
  CASE WHEN coalesce(p.approval_required, $5) THEN NULL ELSE 'auto' END,
  CASE WHEN coalesce(p.approval_required, $5) THEN NULL ELSE now() END
FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[]) AS d(name, version, sha256, definition)
LEFT JOIN tool_policies p ON p.name = d.name
ON CONFLICT (name, version, definition_sha256) DO UPDATE SET last_seen_at = now()
RETURNING name, version, definition_sha256, status, (xmax = 0) AS inserted`;

interface UpsertedRow {
  name: string;
  version: string;
  definition_sha256: string;
  status: string;
  inserted: boolean;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * {@link ToolVersionStore} on the `tool_versions` table. Every definition seen for the first
 * time is audited (`registry.change`, action `tool_version.recorded`) in the same transaction,
 * so drift is on record whether or not it was approved automatically.
 */
@Injectable()
export class PostgresToolVersionStore extends ToolVersionStore {
  private readonly approvalRequired: boolean;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super();
    this.approvalRequired = config.mcp.toolApproval === 'required';
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
    await withTransaction(pgPoolOf(this.dataSource), async (client) => {
      const { rows: upserted } = await client.query<UpsertedRow>(UPSERT_SQL, [
        rows.map((d) => d.name),
        rows.map((d) => d.version),
        rows.map((d) => d.definitionSha256),
        rows.map((d) => toJsonb(d)),
        this.approvalRequired,
      ]);
      await appendToAuditChain(client, upserted.filter((row) => row.inserted).map(recordedRow));
    });
  }
}

function recordedRow(row: UpsertedRow): AuditRow {
  return registryChangeRow({
    toolName: row.name,
    toolVersion: row.version,
    definitionSha256: row.definition_sha256,
    action: 'tool_version.recorded',
    target: row.name,
    changeAfter: {
      version: row.version,
      definitionSha256: row.definition_sha256,
      status: row.status,
    },
  });
}

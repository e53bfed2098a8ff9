import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, Repository } from 'typeorm';

import { appendToAuditChainIn } from '../audit/audit-chain.writer.js';
import type { AuditRow } from '../audit/audit-row.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.constants.js';
import type { ToolDefinition } from '../protocol/capabilities/capability.types.js';
import type { JsonObject } from '../protocol/json-rpc/json-rpc.types.js';
import { withNulEscaped } from '../persistence/postgres-text.js';
import { ToolVersionEntity } from './tool-version.entity.js';
import { ToolVersionStore } from './tool-version.store.js';
import { registryChangeRow } from '../audit/registry-change.row.js';
import { insertNewVersions } from './version-upsert.js';

const KEY = ['name', 'version', 'definition_sha256'] as const;
/** The transaction's time, as the database sets `last_seen_at` and `first_seen_at`. */
const NOW = (): string => 'now()';

interface InsertedRow {
  name: string;
  version: string;
  definition_sha256: string;
  status: string;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * {@link ToolVersionStore} on the `tool_versions` table. A new definition starts `pending` when
 * its tool's policy (else `MCP_TOOL_APPROVAL`) requires approval, else `approved` by `auto`.
 * Every definition seen for the first time is audited (`registry.change`, action
 * `tool_version.recorded`) in the same transaction, so drift is on record whether or not it was
 * approved automatically.
 */
@Injectable()
export class PostgresToolVersionStore extends ToolVersionStore {
  private readonly approvalRequired: boolean;

  constructor(
    @InjectRepository(ToolVersionEntity) private readonly versions: Repository<ToolVersionEntity>,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super();
    this.approvalRequired = config.mcp.toolApproval === 'required';
  }

  async recordDefinitions(definitions: readonly ToolDefinition[]): Promise<void> {
    // One statement may not touch one row twice (ON CONFLICT DO UPDATE): dedupe first.
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
    await this.versions.manager.transaction(async (manager) => {
      const required = await approvalRequiredByPolicy(manager, [
        ...new Set(rows.map((d) => d.name)),
      ]);
      const inserted = await insertNewVersions<ToolVersionEntity, InsertedRow>(
        manager,
        ToolVersionEntity,
        rows.map((d) => {
          const pending = required.get(d.name) ?? this.approvalRequired;
          return {
            name: d.name,
            version: d.version,
            definitionSha256: d.definitionSha256,
            definition: withNulEscaped(d) as unknown as JsonObject,
            status: pending ? 'pending' : 'approved',
            decidedBy: pending ? null : 'auto',
            decidedAt: pending ? null : NOW,
          };
        }),
        KEY,
        [...KEY, 'status'],
      );
      await appendToAuditChainIn(manager, inserted.map(recordedRow));
    });
  }
}

/**
 * The tools among `names` whose policy decides approval itself. By table name: the definitions
 * are recorded at boot also where `PolicyModule.forApp()` does not map `tool_policies`.
 */
async function approvalRequiredByPolicy(
  manager: EntityManager,
  names: readonly string[],
): Promise<Map<string, boolean>> {
  const rows = await manager
    .createQueryBuilder()
    .select('p.name', 'name')
    .addSelect('p.approval_required', 'approvalRequired')
    .from('tool_policies', 'p')
    .where('p.name IN (:...names)', { names })
    .andWhere('p.approval_required IS NOT NULL')
    .getRawMany<{ name: string; approvalRequired: boolean }>();
  return new Map(rows.map((row) => [row.name, row.approvalRequired]));
}

function recordedRow(row: InsertedRow): AuditRow {
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

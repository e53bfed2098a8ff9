import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, Repository } from 'typeorm';

import { appendToAuditChainIn } from '../audit/audit-chain.writer.js';
import type { AuditRow } from '../audit/audit-row.js';
import { withNulEscaped } from '../persistence/postgres-text.js';
import type { JsonObject } from '../protocol/json-rpc/json-rpc.types.js';
import type { PromptDefinition } from './prompt-definition.js';
import { PromptVersionEntity } from './prompt-version.entity.js';
import { registryChangeRow } from '../audit/registry-change.row.js';
import { insertNewVersions } from './version-upsert.js';

const KEY = ['name', 'definition_sha256'] as const;

interface Recorded {
  readonly name: string;
  readonly definitionSha256: string;
  readonly status: string;
  readonly previousSha256: string | null;
}

/** The transaction's time, as the database sets `first_seen_at`. */
const NOW = (): string => 'now()';

/**
 * `prompt_versions`: every distinct prompt definition, like `tool_versions` for tools. Each one
 * seen for the first time is audited (`registry.change`, action `prompt_version.recorded`, with
 * the hash last seen before it) in the same transaction, so prompt drift is on record. A new
 * definition starts `pending` when `approvalRequired` (an upstream's prompt under
 * `MCP_TOOL_APPROVAL=required`, docs/federation.md "Versions"), else `approved` by `auto`.
 */
@Injectable()
export class PromptVersionStore {
  constructor(
    @InjectRepository(PromptVersionEntity)
    private readonly versions: Repository<PromptVersionEntity>,
  ) {}

  async recordDefinitions(
    definitions: readonly PromptDefinition[],
    approvalRequired = false,
  ): Promise<void> {
    if (definitions.length === 0) return;
    await this.versions.manager.transaction(async (manager) => {
      const previous = await lastSeenHashes(
        manager,
        definitions.map((d) => d.name),
      );
      // Instances booting together audit a new definition once (insertNewVersions).
      const inserted = await insertNewVersions<
        PromptVersionEntity,
        { name: string; definition_sha256: string; status: string }
      >(
        manager,
        PromptVersionEntity,
        definitions.map((d) => ({
          name: d.name,
          definitionSha256: d.definitionSha256,
          definition: withNulEscaped(d) as unknown as JsonObject,
          status: approvalRequired ? 'pending' : 'approved',
          decidedBy: approvalRequired ? null : 'auto',
          decidedAt: approvalRequired ? null : NOW,
        })),
        KEY,
        [...KEY, 'status'],
      );
      await appendToAuditChainIn(
        manager,
        inserted.map((row) =>
          recordedRow({
            name: row.name,
            definitionSha256: row.definition_sha256,
            status: row.status,
            previousSha256: previous.get(row.name) ?? null,
          }),
        ),
      );
    });
  }
}

/** The hash of each named prompt seen last, read before this boot's definitions are written. */
async function lastSeenHashes(
  manager: EntityManager,
  names: readonly string[],
): Promise<Map<string, string>> {
  const rows = await manager
    .createQueryBuilder(PromptVersionEntity, 'v')
    .select('v.name', 'name')
    .addSelect('v.definitionSha256', 'definitionSha256')
    .distinctOn(['v.name'])
    .where('v.name IN (:...names)', { names })
    .orderBy('v.name')
    .addOrderBy('v.lastSeenAt', 'DESC')
    .addOrderBy('v.firstSeenAt', 'DESC')
    .getRawMany<{ name: string; definitionSha256: string }>();
  return new Map(rows.map((row) => [row.name, row.definitionSha256]));
}

function recordedRow(recorded: Recorded): AuditRow {
  return registryChangeRow({
    action: 'prompt_version.recorded',
    target: recorded.name,
    definitionSha256: recorded.definitionSha256,
    changeBefore:
      recorded.previousSha256 === null ? null : { definitionSha256: recorded.previousSha256 },
    changeAfter: { definitionSha256: recorded.definitionSha256, status: recorded.status },
  });
}

import { In, type DataSource } from 'typeorm';

import type { JsonObject } from '../../protocol/json-rpc/json-rpc.types.js';
import { PromptVersionEntity } from '../../versions/prompt-version.entity.js';
import { ToolVersionEntity } from '../../versions/tool-version.entity.js';
import type { RecordedDefinition } from './approved-fallback.js';

/** The columns `tool_versions` and `prompt_versions` share that the catalogue reads. */
interface VersionRow extends RecordedDefinition {
  readonly name: string;
  readonly decidedAt: Date | null;
  readonly firstSeenAt: Date;
}

/**
 * The recorded definitions of `names` from `table` (`tool_versions` or `prompt_versions`), newest
 * decision first, per name: what the catalogue needs to keep serving an approved definition while
 * a changed one waits.
 */
export async function recordedDefinitions(
  dataSource: DataSource,
  table: typeof ToolVersionEntity | typeof PromptVersionEntity,
  names: readonly string[],
): Promise<Map<string, RecordedDefinition[]>> {
  const byName = new Map<string, RecordedDefinition[]>();
  if (names.length === 0) return byName;
  const rows: VersionRow[] = await dataSource.getRepository<VersionRow>(table).find({
    select: { name: true, definitionSha256: true, status: true, definition: true },
    where: { name: In([...names]) },
    order: { decidedAt: { direction: 'DESC', nulls: 'LAST' }, firstSeenAt: 'DESC' },
  });
  for (const row of rows) {
    const list = byName.get(row.name) ?? [];
    list.push({
      definitionSha256: row.definitionSha256,
      status: row.status,
      definition: row.definition,
    });
    byName.set(row.name, list);
  }
  return byName;
}

/**
 * The latest approved definition of every tool recorded under `prefix` (an upstream's served
 * names): what the upstream served when it was last reached.
 */
export async function lastApprovedDefinitions(
  dataSource: DataSource,
  prefix: string,
): Promise<Map<string, JsonObject>> {
  const rows = await dataSource
    .getRepository(ToolVersionEntity)
    .createQueryBuilder('v')
    .select(['v.name', 'v.definition'])
    .where('left(v.name, length(:prefix)) = :prefix', { prefix })
    .andWhere(`v.status = 'approved'`)
    .orderBy('v.decidedAt', 'DESC', 'NULLS LAST')
    .addOrderBy('v.lastSeenAt', 'DESC')
    .getMany();
  const latest = new Map<string, JsonObject>();
  for (const row of rows) if (!latest.has(row.name)) latest.set(row.name, row.definition);
  return latest;
}

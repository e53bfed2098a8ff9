import type { EntityManager, EntityTarget, FindOptionsWhere } from 'typeorm';

import type { AccessPolicyColumns } from './access-policy-columns.entity.js';
import type { AccessPolicy, PolicyRevision } from './access-policy.js';

/** A policy row as written: every column but `updated_at`, which the database sets. */
export type PolicyRowWrite<Row extends AccessPolicyColumns> = Omit<Row, 'updatedAt'>;

/** The columns every policy table shares, as a policy. */
export function accessPolicyOfRow(row: AccessPolicyColumns): AccessPolicy & PolicyRevision {
  return {
    enabled: row.enabled,
    roles: row.roles,
    allowedClients: row.allowedClients,
    allowedTenants: row.allowedTenants,
    revision: row.revision,
    updatedAt: row.updatedAt.toISOString(),
    updatedBy: row.updatedBy,
  };
}

/** The shared columns of the revision after `policy`, written by `updatedBy`. */
export function nextRevisionColumns(
  policy: AccessPolicy & PolicyRevision,
  updatedBy: string,
): PolicyRowWrite<AccessPolicyColumns> {
  return {
    enabled: policy.enabled,
    roles: policy.roles === null ? null : [...policy.roles],
    allowedClients: policy.allowedClients === null ? null : [...policy.allowedClients],
    allowedTenants: policy.allowedTenants === null ? null : [...policy.allowedTenants],
    revision: policy.revision + 1,
    updatedBy,
  };
}

/** The row at `key`, row-locked (`FOR UPDATE`) until the transaction of `manager` ends. */
export async function lockPolicyRow<Row extends AccessPolicyColumns>(
  manager: EntityManager,
  target: EntityTarget<Row>,
  key: FindOptionsWhere<Row>,
): Promise<Row | undefined> {
  const row = await manager
    .createQueryBuilder(target, 'policy')
    .setLock('pessimistic_write')
    .where(key)
    .getOne();
  return row ?? undefined;
}

/**
 * One statement: inserts `row` (revision 1 after the default policy's 0) or, when its key
 * exists, overwrites every column of it, `updated_at` with `now()`, provided the stored
 * revision is still the one before `row.revision`. Resolves with the row as stored, or
 * `undefined` when the stored revision moved on (someone else's change committed first,
 * including a concurrent first insert, whose row this statement has then locked).
 */
export async function saveNextRevision<Row extends AccessPolicyColumns>(
  manager: EntityManager,
  target: EntityTarget<Row>,
  row: PolicyRowWrite<Row>,
  key: readonly string[],
): Promise<Row | undefined> {
  const metadata = manager.connection.getMetadata(target);
  const overwrite = metadata.columns
    .filter((column) => !column.isPrimary)
    .map((column) => column.databaseName);
  const result = await manager
    .createQueryBuilder()
    .insert()
    .into(metadata.target)
    .values(row)
    .orUpdate(overwrite, [...key], {
      overwriteCondition: {
        where: `${metadata.tableName}.revision = :storedRevision`,
        parameters: { storedRevision: row.revision - 1 },
      },
    })
    .execute();
  // Postgres returns the row only when it was written; TypeORM's RETURNING covers the columns
  // with defaults (revision, updated_at, …), so generatedMaps holds their stored values.
  if ((result.raw as unknown[]).length === 0) return undefined;
  return { ...row, ...result.generatedMaps[0] } as Row;
}

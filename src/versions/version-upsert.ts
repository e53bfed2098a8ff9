import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/** Column values of one row, each a value or a SQL expression (TypeORM inlines a function's text). */
export type VersionRow<Entity> = { [Column in keyof Entity]?: Entity[Column] | (() => string) };

/**
 * Writes the definitions of a versions table (`tool_versions`, `prompt_versions`) in one
 * statement. A row whose `key` exists only gets its `last_seen_at` moved (the proposed row's is
 * the column default, `now()`): a known definition is never rewritten. Resolves with the
 * `returned` columns of the rows this statement inserted; `xmax = 0` tells them from the
 * updated ones. A concurrent insert of the same key makes the statement wait for it, then
 * update, so only one transaction ever sees a definition as new.
 */
export async function insertNewVersions<Entity extends ObjectLiteral, Returned>(
  manager: EntityManager,
  target: EntityTarget<Entity>,
  rows: VersionRow<Entity>[],
  key: readonly string[],
  returned: readonly string[],
): Promise<Returned[]> {
  const result = await manager
    .createQueryBuilder()
    .insert()
    .into(target)
    .values(rows)
    .orUpdate(['last_seen_at'], [...key])
    .returning(`${returned.join(', ')}, (xmax = 0) AS inserted`)
    .updateEntity(false)
    .execute();
  return (result.raw as (Returned & { inserted: boolean })[]).filter((row) => row.inserted);
}

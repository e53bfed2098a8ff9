import type { QueryRunner } from 'typeorm';

/** Monthly partitions kept ready: this month and the next two (docs/data-lifecycle.md). */
export const AUDIT_PARTITION_MONTHS_AHEAD = 3;

/**
 * Creates the monthly `audit_log` partitions of this month and the next ones that are missing
 * (migration PartitionAuditLog: `audit_log_add_partitions`, which the app role may call);
 * returns how many it created. Rows of a month without a partition land in
 * `audit_log_default`, so a late run never fails an append.
 */
export async function addAuditPartitionsAhead(runner: QueryRunner): Promise<number> {
  const rows = (await runner.query(
    `SELECT audit_log_add_partitions(date_trunc('month', now())::date, $1) AS created`,
    [AUDIT_PARTITION_MONTHS_AHEAD],
  )) as { created: number }[];
  return rows[0]?.created ?? 0;
}

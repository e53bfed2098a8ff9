import type { QueryRunner } from 'typeorm';

/**
 * Rows of one table that are past their retention: `condition` is an SQL predicate on the
 * table's columns, `params` its `$1…` parameters. The retention scheduler deletes them in
 * bounded batches (docs/data-lifecycle.md).
 */
export interface PruneJob {
  /** Table name; also the `table` label of `mcp_retention_pruned_rows_total`. */
  readonly table: string;
  readonly condition: string;
  readonly params: readonly unknown[];
}

/** Batches one job runs at most per run, so a huge backlog cannot hold the lock for long. */
const MAX_BATCHES_PER_RUN = 100;

/**
 * Deletes the rows of `job` at most `batchRows` per statement, each statement its own
 * transaction (the runner has none open), until a batch finds fewer rows than that. `ctid`
 * picks the rows whatever the table's key, so one statement shape serves every table.
 */
export async function pruneInBatches(
  runner: QueryRunner,
  job: PruneJob,
  batchRows: number,
): Promise<number> {
  const limit = `$${job.params.length + 1}`;
  const sql = `DELETE FROM ${job.table} WHERE ctid = ANY(ARRAY(
    SELECT ctid FROM ${job.table} WHERE ${job.condition} LIMIT ${limit}))`;
  let total = 0;
  for (let batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
    const { affected } = await runner.query(sql, [...job.params, batchRows], true);
    const deleted = affected ?? 0;
    total += deleted;
    if (deleted < batchRows) break;
  }
  return total;
}

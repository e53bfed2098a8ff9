import type { DataSource } from 'typeorm';

/**
 * Run after an import has committed. VACUUM moves the rows that the GIN index's fast-update
 * pending list still holds into the index proper, and ANALYZE gives the planner the new row
 * counts. Postgres's autovacuum does both in time; PGlite has no autovacuum, and until then every
 * search scans the whole pending list (twice the time per query on the bench corpus, README
 * "Performance"). A role that does not own the tables gets a warning and the step is skipped,
 * which is not an error: autovacuum runs as the owner.
 */
export async function refreshSearchIndex(dataSource: DataSource): Promise<void> {
  await dataSource.query('VACUUM (ANALYZE) kb_sections');
  await dataSource.query('ANALYZE kb_documents');
}

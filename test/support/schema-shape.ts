import type { DataSource } from 'typeorm';

/** The line standing for an index whose definition is not compared, only its name. */
/** ` ON schema.` or ` ON ONLY schema.` in an index definition. */
const PARTITIONED_ON = (schema: string): RegExp => new RegExp(` ON (ONLY )?${schema}\\.`);

export const indexNamedOnly = (name: string): string => `index ${name}: compared by name only`;

/**
 * One line per column, primary key, unique or check constraint and index of the tables of
 * `schema`, sorted, in Postgres's own words (format_type, pg_get_expr, pg_get_constraintdef,
 * pg_get_indexdef) with the schema name left out, so two schemas compare line for line.
 * Primary keys are compared by their columns: their names are the migrations' business.
 * A partitioned table counts as a table (its index on `ONLY` the parent as an index on it);
 * its partitions are the data lifecycle's business (docs/data-lifecycle.md), not its shape.
 */
export async function schemaShape(
  dataSource: DataSource,
  schema: string,
  nameOnlyIndexes: ReadonlySet<string> = new Set(),
): Promise<string[]> {
  const columns = await dataSource.query<{ line: string }[]>(
    `SELECT c.relname || '.' || a.attname || ': ' || format_type(a.atttypid, a.atttypmod)
       || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE ' NULL' END
       || coalesce(' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), '')
       || CASE a.attidentity WHEN 'a' THEN ' IDENTITY ALWAYS' WHEN 'd' THEN ' IDENTITY BY DEFAULT'
          ELSE '' END AS line
     FROM pg_attribute a
     JOIN pg_class c ON c.oid = a.attrelid AND c.relkind IN ('r', 'p') AND NOT c.relispartition
     JOIN pg_namespace n ON n.oid = c.relnamespace
     LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE n.nspname = $1 AND a.attnum > 0 AND NOT a.attisdropped`,
    [schema],
  );
  const constraints = await dataSource.query<{ line: string }[]>(
    `SELECT c.relname || '.' || CASE k.contype WHEN 'p' THEN 'primary key'
         ELSE k.conname END || ': ' || pg_get_constraintdef(k.oid) AS line
     FROM pg_constraint k
     JOIN pg_class c ON c.oid = k.conrelid AND NOT c.relispartition
     JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND k.contype IN ('p', 'u', 'c')`,
    [schema],
  );
  const indexes = await dataSource.query<{ name: string; definition: string }[]>(
    `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS definition
     FROM pg_index x
     JOIN pg_class i ON i.oid = x.indexrelid
     JOIN pg_class t ON t.oid = x.indrelid AND NOT t.relispartition
     JOIN pg_namespace n ON n.oid = i.relnamespace
     WHERE n.nspname = $1
       AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid)`,
    [schema],
  );
  return [
    ...columns.map((row) => row.line),
    ...constraints.map((row) => row.line),
    ...indexes.map((index) =>
      nameOnlyIndexes.has(index.name)
        ? indexNamedOnly(index.name)
        : `index ${index.name}: ${index.definition.replace(PARTITIONED_ON(schema), ' ON ')}`,
    ),
  ].sort();
}

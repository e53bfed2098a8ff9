import type { EntityManager } from 'typeorm';

import { toArrayLiteral } from '../../../persistence/postgres-text.js';
import type { RecordInput } from './kb-import.types.js';

/**
 * Upserts `records` in one statement inside the caller's transaction: a new record gets version
 * 1, one whose type or fields changed gets version + 1 (the token `update_record` compares), an
 * identical one is left alone. Resolves with the ids written.
 */
export async function writeRecords(
  manager: EntityManager,
  records: readonly RecordInput[],
  updatedBy: string,
): Promise<string[]> {
  if (records.length === 0) return [];
  const rows: { id: string }[] = await manager.query(
    `INSERT INTO kb_records (id, type, fields, updated_by)
     SELECT r.id, r.type, r.fields, $4 FROM unnest($1::text[], $2::text[], $3::jsonb[])
       AS r(id, type, fields)
     ON CONFLICT (id) DO UPDATE SET type = EXCLUDED.type, fields = EXCLUDED.fields,
       version = kb_records.version + 1, updated_at = now(), updated_by = EXCLUDED.updated_by
     WHERE kb_records.type <> EXCLUDED.type OR kb_records.fields <> EXCLUDED.fields
     RETURNING id`,
    [
      toArrayLiteral(records.map((record) => record.id)),
      toArrayLiteral(records.map((record) => record.type)),
      toArrayLiteral(records.map((record) => JSON.stringify(record.fields))),
      updatedBy,
    ],
  );
  return rows.map((row) => row.id);
}

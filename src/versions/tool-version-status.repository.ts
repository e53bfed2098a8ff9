import type { Pool, PoolClient } from 'pg';

import type { RecordedToolVersion, ToolVersionStatus } from './recorded-tool-version.js';

type Queryable = Pool | PoolClient;

interface StatusRow {
  name: string;
  version: string;
  definition_sha256: string;
  status: ToolVersionStatus;
  decided_by: string | null;
  decided_at: Date | null;
  first_seen_at: Date;
}

const COLUMNS = 'name, version, definition_sha256, status, decided_by, decided_at, first_seen_at';

const SQL = {
  all: `SELECT ${COLUMNS} FROM tool_versions ORDER BY name, first_seen_at, id`,
  ofTool: `SELECT ${COLUMNS} FROM tool_versions WHERE name = $1 ORDER BY first_seen_at, id`,
  decide: `UPDATE tool_versions SET status = $4, decided_by = $5, decided_at = now()
    WHERE name = $1 AND version = $2 AND definition_sha256 = $3 AND status <> $4
    RETURNING ${COLUMNS}`,
} as const;

/** Approval state of recorded tool definitions (`tool_versions.status`). */
export class ToolVersionStatusRepository {
  async loadAll(db: Queryable): Promise<Map<string, RecordedToolVersion[]>> {
    const { rows } = await db.query<StatusRow>(SQL.all);
    const byName = new Map<string, RecordedToolVersion[]>();
    for (const row of rows) {
      const list = byName.get(row.name) ?? [];
      list.push(toRecorded(row));
      byName.set(row.name, list);
    }
    return byName;
  }

  async loadFor(db: Queryable, name: string): Promise<RecordedToolVersion[]> {
    const { rows } = await db.query<StatusRow>(SQL.ofTool, [name]);
    return rows.map(toRecorded);
  }

  /** Sets the status; `undefined` when the definition is unknown or already in that status. */
  async decide(
    client: PoolClient,
    name: string,
    version: Pick<RecordedToolVersion, 'version' | 'definitionSha256'>,
    status: ToolVersionStatus,
    decidedBy: string,
  ): Promise<RecordedToolVersion | undefined> {
    const { rows } = await client.query<StatusRow>(SQL.decide, [
      name,
      version.version,
      version.definitionSha256,
      status,
      decidedBy,
    ]);
    const row = rows[0];
    return row === undefined ? undefined : toRecorded(row);
  }
}

function toRecorded(row: StatusRow): RecordedToolVersion {
  return {
    version: row.version,
    definitionSha256: row.definition_sha256,
    status: row.status,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at?.toISOString() ?? null,
    firstSeenAt: row.first_seen_at.toISOString(),
  };
}

import type { Pool, PoolClient } from 'pg';

import type {
  RecordedToolVersion,
  RecordedToolVersions,
  ToolVersionStatus,
} from './recorded-tool-version.js';

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
  // The tool's revision is its policy row's: every admin change of the tool moves it on.
  all: `SELECT ${COLUMNS}, coalesce(p.revision, 0) AS revision
    FROM tool_versions LEFT JOIN tool_policies p USING (name)
    ORDER BY name, first_seen_at, id`,
  ofTool: `SELECT ${COLUMNS} FROM tool_versions WHERE name = $1 ORDER BY first_seen_at, id`,
  decide: `UPDATE tool_versions SET status = $4, decided_by = $5, decided_at = now()
    WHERE name = $1 AND version = $2 AND definition_sha256 = $3 AND status <> $4
    RETURNING ${COLUMNS}`,
} as const;

/** Approval state of recorded tool definitions (`tool_versions.status`). */
export class ToolVersionStatusRepository {
  /** Every tool's recorded definitions, with the tool's revision they were read at. */
  async loadAll(db: Queryable): Promise<Map<string, RecordedToolVersions>> {
    const { rows } = await db.query<StatusRow & { revision: number }>(SQL.all);
    const byName = new Map<string, RecordedToolVersions & { versions: RecordedToolVersion[] }>();
    for (const row of rows) {
      let tool = byName.get(row.name);
      if (tool === undefined) {
        tool = { name: row.name, revision: row.revision, versions: [] };
        byName.set(row.name, tool);
      }
      tool.versions.push(toRecorded(row));
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

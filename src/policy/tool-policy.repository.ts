import type { Pool, PoolClient } from 'pg';

import { toJsonb } from '../persistence/postgres-text.js';
import {
  ACCESS_POLICY_COLUMNS,
  accessPolicyOfRow,
  type AccessPolicyRow,
} from './access-policy.row.js';
import type { RevisionedPolicyStore } from './revisioned-policy.store.js';
import { type ClientVersionPins, defaultToolPolicy, type ToolPolicy } from './tool-policy.js';

type Queryable = Pool | PoolClient;

interface ToolPolicyRow extends AccessPolicyRow {
  name: string;
  rate_limit_per_minute: number | null;
  timeout_ms: number | null;
  approval_required: boolean | null;
  pinned_version: string | null;
  client_version_pins: ClientVersionPins;
}

const COLUMNS = `name, ${ACCESS_POLICY_COLUMNS}, rate_limit_per_minute, timeout_ms,
  approval_required, pinned_version, client_version_pins`;

const SQL = {
  all: `SELECT ${COLUMNS} FROM tool_policies`,
  lock: `SELECT ${COLUMNS} FROM tool_policies WHERE name = $1 FOR UPDATE`,
  upsert: `INSERT INTO tool_policies (name, enabled, roles, allowed_clients, allowed_tenants,
      rate_limit_per_minute, timeout_ms, approval_required, pinned_version, client_version_pins,
      revision, updated_by)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $12::jsonb, 1, $10)
    ON CONFLICT (name) DO UPDATE SET enabled = EXCLUDED.enabled, roles = EXCLUDED.roles,
      allowed_clients = EXCLUDED.allowed_clients, allowed_tenants = EXCLUDED.allowed_tenants,
      rate_limit_per_minute = EXCLUDED.rate_limit_per_minute, timeout_ms = EXCLUDED.timeout_ms,
      approval_required = EXCLUDED.approval_required, pinned_version = EXCLUDED.pinned_version,
      client_version_pins = EXCLUDED.client_version_pins,
      revision = tool_policies.revision + 1, updated_at = now(), updated_by = EXCLUDED.updated_by
    WHERE tool_policies.revision = $11
    RETURNING ${COLUMNS}`,
} as const;

/** `tool_policies` rows, read at boot and on change (never on the call path), written by admins. */
export class ToolPolicyRepository implements RevisionedPolicyStore<string, ToolPolicy> {
  async loadAll(db: Queryable): Promise<Map<string, ToolPolicy>> {
    const { rows } = await db.query<ToolPolicyRow>(SQL.all);
    return new Map(rows.map((row) => [row.name, toPolicy(row)]));
  }

  async lock(client: PoolClient, name: string): Promise<ToolPolicy> {
    const { rows } = await client.query<ToolPolicyRow>(SQL.lock, [name]);
    const row = rows[0];
    return row === undefined ? defaultToolPolicy(name) : toPolicy(row);
  }

  async save(
    client: PoolClient,
    policy: ToolPolicy,
    updatedBy: string,
  ): Promise<ToolPolicy | undefined> {
    const { rows } = await client.query<ToolPolicyRow>(SQL.upsert, [
      policy.name,
      policy.enabled,
      policy.roles,
      policy.allowedClients,
      policy.allowedTenants,
      policy.rateLimitPerMinute,
      policy.timeoutMs,
      policy.approvalRequired,
      policy.pinnedVersion,
      updatedBy,
      policy.revision,
      toJsonb(policy.clientVersionPins),
    ]);
    const row = rows[0];
    return row === undefined ? undefined : toPolicy(row);
  }
}

function toPolicy(row: ToolPolicyRow): ToolPolicy {
  return {
    name: row.name,
    ...accessPolicyOfRow(row),
    rateLimitPerMinute: row.rate_limit_per_minute,
    timeoutMs: row.timeout_ms,
    approvalRequired: row.approval_required,
    pinnedVersion: row.pinned_version,
    clientVersionPins: row.client_version_pins,
  };
}

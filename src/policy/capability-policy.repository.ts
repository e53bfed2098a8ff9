import type { Pool, PoolClient } from 'pg';

import {
  ACCESS_POLICY_COLUMNS,
  accessPolicyOfRow,
  type AccessPolicyRow,
} from './access-policy.row.js';
import {
  type CapabilityKey,
  type CapabilityPolicy,
  defaultCapabilityPolicy,
  type PolicyCapabilityKind,
} from './capability-policy.js';
import type { RevisionedPolicyStore } from './revisioned-policy.store.js';

interface CapabilityPolicyRow extends AccessPolicyRow {
  kind: PolicyCapabilityKind;
  name: string;
}

const COLUMNS = `kind, name, ${ACCESS_POLICY_COLUMNS}`;

/** The upsert is the optimistic write of `tool_policies` (ToolPolicyRepository) on this table. */
const SQL = {
  all: `SELECT ${COLUMNS} FROM capability_policies`,
  lock: `SELECT ${COLUMNS} FROM capability_policies WHERE kind = $1 AND name = $2 FOR UPDATE`,
  upsert: `INSERT INTO capability_policies (kind, name, enabled, roles, allowed_clients,
      allowed_tenants, revision, updated_by)
    VALUES ($1, $2, $3, $4, $5, $6, 1, $7)
    ON CONFLICT (kind, name) DO UPDATE SET enabled = EXCLUDED.enabled, roles = EXCLUDED.roles,
      allowed_clients = EXCLUDED.allowed_clients, allowed_tenants = EXCLUDED.allowed_tenants,
      revision = capability_policies.revision + 1, updated_at = now(),
      updated_by = EXCLUDED.updated_by
    WHERE capability_policies.revision = $8
    RETURNING ${COLUMNS}`,
} as const;

/**
 * `capability_policies` rows: read at boot, on a change too large for the bus and by the
 * periodic re-read (never on the request path), written by admins.
 */
export class CapabilityPolicyRepository implements RevisionedPolicyStore<
  CapabilityKey,
  CapabilityPolicy
> {
  async loadAll(db: Pool | PoolClient): Promise<CapabilityPolicy[]> {
    const { rows } = await db.query<CapabilityPolicyRow>(SQL.all);
    return rows.map(toPolicy);
  }

  async lock(client: PoolClient, key: CapabilityKey): Promise<CapabilityPolicy> {
    const { rows } = await client.query<CapabilityPolicyRow>(SQL.lock, [key.kind, key.name]);
    const row = rows[0];
    return row === undefined ? defaultCapabilityPolicy(key) : toPolicy(row);
  }

  async save(
    client: PoolClient,
    policy: CapabilityPolicy,
    updatedBy: string,
  ): Promise<CapabilityPolicy | undefined> {
    const { rows } = await client.query<CapabilityPolicyRow>(SQL.upsert, [
      policy.kind,
      policy.name,
      policy.enabled,
      policy.roles,
      policy.allowedClients,
      policy.allowedTenants,
      updatedBy,
      policy.revision,
    ]);
    const row = rows[0];
    return row === undefined ? undefined : toPolicy(row);
  }
}

function toPolicy(row: CapabilityPolicyRow): CapabilityPolicy {
  return { kind: row.kind, name: row.name, ...accessPolicyOfRow(row) };
}

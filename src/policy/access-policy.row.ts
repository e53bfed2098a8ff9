import type { AccessPolicy, PolicyRevision } from './access-policy.js';

/** The columns every policy table shares (migrations CreateToolPolicies, CreateCapabilityPolicies). */
export interface AccessPolicyRow {
  enabled: boolean;
  roles: string[] | null;
  allowed_clients: string[] | null;
  allowed_tenants: string[] | null;
  revision: number;
  updated_at: Date;
  updated_by: string | null;
}

export const ACCESS_POLICY_COLUMNS =
  'enabled, roles, allowed_clients, allowed_tenants, revision, updated_at, updated_by';

export function accessPolicyOfRow(row: AccessPolicyRow): AccessPolicy & PolicyRevision {
  return {
    enabled: row.enabled,
    roles: row.roles,
    allowedClients: row.allowed_clients,
    allowedTenants: row.allowed_tenants,
    revision: row.revision,
    updatedAt: row.updated_at.toISOString(),
    updatedBy: row.updated_by,
  };
}

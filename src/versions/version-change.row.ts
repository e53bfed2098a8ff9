import { randomUUID } from 'node:crypto';

import { type AuditRow, EMPTY_AUDIT_COLUMNS } from '../audit/audit-row.js';

/** What the server itself changed: the action, its target and the definition involved. */
export type RegistryChange = Pick<
  AuditRow,
  'action' | 'target' | 'definitionSha256' | 'changeAfter'
> &
  Partial<Pick<AuditRow, 'toolName' | 'toolVersion' | 'changeBefore'>>;

/**
 * A change the server made itself (a definition recorded at boot) as an `audit_log` row of
 * event `registry.change`, by subject `system`: drift is on record whoever deployed it.
 */
export function registryChangeRow(change: RegistryChange): AuditRow {
  return {
    ...EMPTY_AUDIT_COLUMNS,
    correlationId: randomUUID(),
    event: 'registry.change',
    occurredAt: new Date().toISOString(),
    subject: 'system',
    ...change,
  };
}

import { randomUUID } from 'node:crypto';

import { type AuditRow, EMPTY_AUDIT_COLUMNS } from './audit-row.js';

/** What the server itself changed: the action, its target and what it was about. */
export type RegistryChange = Pick<AuditRow, 'action' | 'target' | 'changeAfter'> &
  Partial<Pick<AuditRow, 'definitionSha256' | 'toolName' | 'toolVersion' | 'changeBefore'>>;

/**
 * A change the server made itself (a definition recorded at boot, an approval that expired) as
 * an `audit_log` row of event `registry.change`, by subject `system`: it is on record although
 * no person made it.
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

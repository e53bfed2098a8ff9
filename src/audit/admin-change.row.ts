import { randomUUID } from 'node:crypto';

import type { Principal } from '../protocol/context/principal.js';
import { type AuditRow, EMPTY_AUDIT_COLUMNS, storedJson, storedText } from './audit-row.js';

/** An admin API change as an `audit_log` row: who, what, on which target, before and after. */
export function adminChangeRow(
  admin: Principal,
  action: string,
  target: string,
  before: unknown,
  after: unknown,
): AuditRow {
  return {
    ...EMPTY_AUDIT_COLUMNS,
    correlationId: randomUUID(),
    event: 'admin.change',
    occurredAt: new Date().toISOString(),
    subject: storedText(admin.subject),
    clientId: storedText(admin.clientId),
    tenant: storedText(admin.tenant),
    roles: admin.roles.map((role) => storedText(role) as string),
    transport: 'admin-api',
    action,
    target: storedText(target),
    changeBefore: storedJson(before),
    changeAfter: storedJson(after),
  };
}

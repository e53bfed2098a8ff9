import { randomUUID } from 'node:crypto';

import { type AuditRow, EMPTY_AUDIT_COLUMNS, storedJson, storedText } from '../audit/audit-row.js';
import type { JsonObject } from '../protocol/json-rpc/json-rpc.types.js';

/**
 * What the server itself decided about an approval (it expired, or the instance running it
 * stopped) as a `registry.change` row by subject `system`, with the approval after the change.
 */
export function systemApprovalChangeRow(action: string, after: JsonObject): AuditRow {
  return {
    ...EMPTY_AUDIT_COLUMNS,
    correlationId: randomUUID(),
    event: 'registry.change',
    occurredAt: new Date().toISOString(),
    subject: 'system',
    toolName: storedText(String(after.tool)),
    action,
    target: storedText(String(after.id)),
    changeAfter: storedJson(after),
  };
}

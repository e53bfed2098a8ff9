import { storedJson, storedText } from '../audit/audit-row.js';
import { registryChangeRow } from '../audit/registry-change.row.js';
import type { AuditRow } from '../audit/audit-row.js';
import type { JsonObject } from '../protocol/json-rpc/json-rpc.types.js';

/**
 * What the server itself decided about an approval (it expired, or the instance running it
 * stopped) as a `registry.change` row by subject `system`, with the approval after the change.
 */
export function systemApprovalChangeRow(action: string, after: JsonObject): AuditRow {
  return registryChangeRow({
    toolName: storedText(String(after.tool)),
    action,
    target: storedText(String(after.id)),
    changeAfter: storedJson(after),
  });
}

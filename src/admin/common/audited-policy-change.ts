import { ConflictException } from '@nestjs/common';
import type { PoolClient } from 'pg';

import { adminChangeRow } from '../../audit/admin-change.row.js';
import { appendToAuditChain } from '../../audit/audit-chain.writer.js';
import type { Principal } from '../../mcp/context/principal.js';
import type { PolicyRevision } from '../../policy/access-policy.js';
import type { RevisionedPolicyStore } from '../../policy/revisioned-policy.store.js';

/** One admin's change of one stored policy. */
export interface PolicyChange<Key, Policy> {
  readonly admin: Principal;
  readonly key: Key;
  /** The revision the admin read: any other one stored means someone changed it meanwhile. */
  readonly expectedRevision: number;
  /** The `admin.change` audit action and target, e.g. `tool_policy.update` on `echo`. */
  readonly action: string;
  readonly target: string;
  /** The policy after the change; may throw to refuse it (nothing is written then). */
  readonly apply: (before: Policy) => Policy;
}

/**
 * Writes one policy change inside the caller's transaction on `client`: row-lock the stored
 * policy, check the optimistic revision (409 when stale), save, and append the `admin.change`
 * audit row with before and after. Every step runs in that one transaction, so a refusal at any
 * point (or a failed audit append) leaves nothing changed.
 */
export async function saveAuditedPolicyChange<Key, Policy extends PolicyRevision>(
  client: PoolClient,
  store: RevisionedPolicyStore<Key, Policy>,
  change: PolicyChange<Key, Policy>,
): Promise<Policy> {
  const before = await store.lock(client, change.key);
  if (before.revision !== change.expectedRevision) throw staleRevision(before.revision);
  const after = await store.save(client, change.apply(before), change.admin.subject);
  if (after === undefined) throw staleRevision(undefined);
  await appendToAuditChain(client, [
    adminChangeRow(change.admin, change.action, change.target, before, after),
  ]);
  return after;
}

function staleRevision(current: number | undefined): ConflictException {
  return new ConflictException({
    statusCode: 409,
    error: 'Conflict',
    message: 'The policy changed since you read it; re-read it and retry',
    ...(current === undefined ? {} : { currentRevision: current }),
  });
}

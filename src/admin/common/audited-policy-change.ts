import type { EntityManager } from 'typeorm';

import { adminChangeRow } from '../../audit/admin-change.row.js';
import { appendToAuditChainIn } from '../../audit/audit-chain.writer.js';
import type { Principal } from '../../protocol/context/principal.js';
import type { PolicyRevision } from '../../policy/access-policy.js';
import type { RevisionedPolicyStore } from '../../policy/revisioned-policy.store.js';
import {
  assertPrecondition,
  type RevisionPrecondition,
  staleRevision,
} from './revision-precondition.js';

/** One write of one stored policy: its next revision. */
export interface PolicyWrite<Key, Policy> {
  readonly key: Key;
  /** What the admin requires of the stored revision (If-Match, expectedRevision), if anything. */
  readonly precondition: RevisionPrecondition;
  readonly updatedBy: string;
  /** The policy after the change; may throw to refuse it (nothing is written then). */
  readonly apply: (before: Policy) => Policy;
}

/** One admin's change of one stored policy, audited. */
export interface PolicyChange<Key, Policy> extends Omit<PolicyWrite<Key, Policy>, 'updatedBy'> {
  readonly admin: Principal;
  /** The `admin.change` audit action and target, e.g. `tool_policy.update` on `echo`. */
  readonly action: string;
  readonly target: string;
}

/**
 * Writes the next revision of one policy inside the caller's transaction (`manager`): row-lock
 * the stored policy, check the precondition against it (412, 409), save it as the revision
 * after. Without a precondition the change applies to the stored policy as locked, so no
 * concurrent change is lost.
 */
export async function writePolicyRevision<Key, Policy extends PolicyRevision>(
  manager: EntityManager,
  store: RevisionedPolicyStore<Key, Policy>,
  write: PolicyWrite<Key, Policy>,
): Promise<{ before: Policy; after: Policy }> {
  const attempt = async (): Promise<{ before: Policy; after: Policy } | undefined> => {
    const before = await store.lock(manager, write.key);
    assertPrecondition(write.precondition, before.revision);
    const after = await store.save(manager, write.apply(before), write.updatedBy);
    return after === undefined ? undefined : { before, after };
  };
  // A key without a row has nothing to lock: when a concurrent first change of it commits
  // first, the save finds the revision moved on. Its INSERT … ON CONFLICT DO UPDATE has locked
  // that row for this transaction all the same, so a second pass reads it and applies to it.
  const written = (await attempt()) ?? (await attempt());
  if (written === undefined) throw staleRevision(undefined);
  return written;
}

/**
 * {@link writePolicyRevision}, then the `admin.change` audit row with before and after, in the
 * caller's one transaction: a refusal at any point (or a failed audit append) leaves nothing
 * changed.
 */
export async function saveAuditedPolicyChange<Key, Policy extends PolicyRevision>(
  manager: EntityManager,
  store: RevisionedPolicyStore<Key, Policy>,
  change: PolicyChange<Key, Policy>,
): Promise<Policy> {
  const { before, after } = await writePolicyRevision(manager, store, {
    ...change,
    updatedBy: change.admin.subject,
  });
  await appendToAuditChainIn(manager, [
    adminChangeRow(change.admin, change.action, change.target, before, after),
  ]);
  return after;
}

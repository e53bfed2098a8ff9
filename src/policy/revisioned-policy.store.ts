import type { EntityManager } from 'typeorm';

import type { PolicyRevision } from './access-policy.js';

/**
 * A policy table written under optimistic concurrency (`tool_policies`, `capability_policies`):
 * what the admin API's audited change needs of it, whatever the key and the policy fields.
 */
export interface RevisionedPolicyStore<Key, Policy extends PolicyRevision> {
  /** The policy of `key`, row-locked until the transaction of `manager` ends; default if none. */
  lock(manager: EntityManager, key: Key): Promise<Policy>;
  /**
   * Writes `policy` as the revision after `policy.revision` and returns it as stored, or
   * `undefined` when the stored revision is no longer `policy.revision` (someone else's change
   * committed first, including a concurrent first insert).
   */
  save(manager: EntityManager, policy: Policy, updatedBy: string): Promise<Policy | undefined>;
}

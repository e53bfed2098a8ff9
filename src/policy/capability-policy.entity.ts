import { Check, Entity, PrimaryColumn } from 'typeorm';

import { AccessPolicyColumns } from './access-policy-columns.entity.js';
import type { PolicyCapabilityKind } from './capability-policy.js';

/**
 * Row of `capability_policies` (migration CreateCapabilityPolicies): the policy of one prompt,
 * resource or resource template an operator touched, keyed as the access decision names it.
 */
@Entity({ name: 'capability_policies' })
@Check(
  'CHK_capability_policies_kind',
  `kind IN ('prompt', 'resource', 'resource-template', 'skill')`,
)
export class CapabilityPolicyEntity extends AccessPolicyColumns {
  @PrimaryColumn({ type: 'text' })
  kind!: PolicyCapabilityKind;

  @PrimaryColumn({ type: 'text' })
  name!: string;
}

import { type AccessPolicy, DEFAULT_ACCESS_POLICY, type PolicyRevision } from './access-policy.js';
import type { CapabilityKind } from './access-decision.types.js';

/** The capabilities with a policy in `capability_policies` (tools have `tool_policies`). */
export type PolicyCapabilityKind = Exclude<CapabilityKind, 'tool'>;

/**
 * One capability, named as the access decision names it (AccessTarget): a prompt by its name,
 * a resource by its URI, a resource template by its URI template.
 */
export interface CapabilityKey {
  readonly kind: PolicyCapabilityKind;
  readonly name: string;
}

/**
 * The operators' policy of one prompt, resource or resource template: the access part of a
 * tool policy, which the access decision applies to every kind alike. Rate limits, timeouts
 * and version approval stay tool-only (the limiter and the timeout guard `tools/call`; prompt
 * definitions are recorded, not approved: PromptVersionRecorder).
 */
export interface CapabilityPolicy extends CapabilityKey, AccessPolicy, PolicyRevision {}

export function defaultCapabilityPolicy({ kind, name }: CapabilityKey): CapabilityPolicy {
  return { kind, name, ...DEFAULT_ACCESS_POLICY };
}

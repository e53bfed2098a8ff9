import type { JsonObject } from '../../mcp/json-rpc/json-rpc.types.js';
import type { CapabilityPolicy, PolicyCapabilityKind } from '../../policy/capability-policy.js';
import type { DeclaredCapability } from './declared-capabilities.js';

/** A prompt, resource or resource template as the admin API shows it. */
export interface CapabilityAdminView {
  readonly kind: PolicyCapabilityKind;
  /** Prompt name, resource URI or URI template (`policy.name` too). */
  readonly name: string;
  /** `disabled`: nobody sees it; else roles, clients and tenants of `policy` may narrow it. */
  readonly effective: 'served' | 'disabled';
  /** What a principal who may see it is served in the list. */
  readonly listing: JsonObject;
  /** Prompts only: SHA-256 of the declared definition, as recorded in `prompt_versions`. */
  readonly definitionSha256?: string;
  readonly policy: CapabilityPolicy;
}

export function capabilityAdminView(
  declared: DeclaredCapability,
  policy: CapabilityPolicy,
): CapabilityAdminView {
  return {
    ...declared,
    effective: policy.enabled ? 'served' : 'disabled',
    policy,
  };
}

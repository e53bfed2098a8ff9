import type { JsonObject } from '../../protocol/json-rpc/json-rpc.types.js';
import type { CapabilityPolicy } from '../../policy/capability-policy.js';
import { type EffectiveAccess, effectiveAccessOf } from '../../policy/effective-access.js';
import { type DeclaredAccessView, declaredAccessView } from '../common/declared-access.view.js';
import type { DeclaredCapability, DeclaredCapabilityKind } from './declared-capabilities.js';

/** A prompt, resource or resource template as the admin API shows it. */
export interface CapabilityAdminView {
  readonly kind: DeclaredCapabilityKind;
  /** Prompt name, resource URI or URI template (`policy.name` too). */
  readonly name: string;
  /** `disabled`: nobody sees it; else `effectivePolicy` says who does. */
  readonly effective: 'served' | 'disabled';
  /** What a principal who may see it is served in the list (title, description, …). */
  readonly listing: JsonObject;
  /** Prompts only: SHA-256 of the declared definition, as recorded in `prompt_versions`. */
  readonly definitionSha256?: string;
  /** The access decorators the code declares on its handler. */
  readonly declared: DeclaredAccessView;
  /** The operators' stored policy. */
  readonly policy: CapabilityPolicy;
  /** Code and policy combined: what the access decision applies. */
  readonly effectivePolicy: EffectiveAccess;
}

export function capabilityAdminView(
  { access, ...declared }: DeclaredCapability,
  policy: CapabilityPolicy,
): CapabilityAdminView {
  return {
    ...declared,
    effective: policy.enabled ? 'served' : 'disabled',
    declared: declaredAccessView(access),
    policy,
    effectivePolicy: effectiveAccessOf(access, policy),
  };
}

import type { AccessRequirements } from '../protocol/capabilities/capability.types.js';

/** `skill`: an Agent Skill served through the SEP-2640 extension, named by its `<skill-path>`. */
export type CapabilityKind = 'tool' | 'resource' | 'resource-template' | 'prompt' | 'skill';

/** What the access decision is asked about: one tool, resource, template, prompt or skill. */
export interface AccessTarget {
  readonly kind: CapabilityKind;
  /** Tool/prompt name, resource URI, template URI template or skill path. */
  readonly name: string;
  readonly requirements: AccessRequirements;
}

/**
 * `hidden`: the principal may neither see nor use it, and must get the exact answer a
 * nonexistent item gets. `insufficient_scope`: visible, but the token lacks scopes; HTTP answers
 * 403 with a `WWW-Authenticate: Bearer error="insufficient_scope"` challenge (RFC 6750 §3.1).
 */
export type AccessDecision =
  | { readonly kind: 'allow' }
  | { readonly kind: 'hidden' }
  | { readonly kind: 'insufficient_scope'; readonly requiredScopes: readonly string[] };

export const ALLOW: AccessDecision = Object.freeze({ kind: 'allow' });
export const HIDDEN: AccessDecision = Object.freeze({ kind: 'hidden' });

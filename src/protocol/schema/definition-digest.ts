import { hash } from 'node:crypto';

import { canonicalJson } from './canonical-json.js';

/**
 * SHA-256 (hex) of the RFC 8785 canonical JSON of a capability definition: the identity under
 * which `tool_versions` and `prompt_versions` keep it, so equal definitions hash equal whatever
 * their key order, and any change of a hashed field is a new identity.
 */
export function definitionDigest(definition: unknown): string {
  return hash('sha256', canonicalJson(definition), 'hex');
}

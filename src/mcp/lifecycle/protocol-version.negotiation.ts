import { McpError } from '../../protocol/json-rpc/mcp-error.js';
import {
  LATEST_LEGACY_PROTOCOL_VERSION,
  LEGACY_PROTOCOL_VERSIONS,
  isLegacyProtocolVersion,
  type LegacyProtocolVersion,
} from '../../protocol/protocol-version.js';

/**
 * Picks the revision of a legacy session from `initialize.params.protocolVersion` (lifecycle
 * §Version negotiation): a supported version is echoed; any other string gets our latest legacy
 * revision and the client decides whether it can speak it. 2026-07-28 has no handshake, so
 * `initialize` never negotiates it.
 *
 * @throws McpError -32602 with `{supported, requested}` when the value is not a string at all
 *   (the spec's own example of an unusable version).
 */
export function negotiateProtocolVersion(requested: unknown): LegacyProtocolVersion {
  if (isLegacyProtocolVersion(requested)) return requested;
  if (typeof requested === 'string') return LATEST_LEGACY_PROTOCOL_VERSION;
  throw McpError.invalidParams('Unsupported protocol version', {
    supported: LEGACY_PROTOCOL_VERSIONS,
    requested: requested ?? null,
  });
}

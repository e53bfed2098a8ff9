/**
 * The revisions this server speaks. Legacy revisions negotiate through `initialize`
 * (lifecycle §Version negotiation); 2026-07-28 is stateless and named per request in
 * `params._meta["io.modelcontextprotocol/protocolVersion"]`.
 */
export const LEGACY_PROTOCOL_VERSIONS = [
  '2024-11-05',
  '2025-03-26',
  '2025-06-18',
  '2025-11-25',
] as const;

export const MODERN_PROTOCOL_VERSION = '2026-07-28';

export type LegacyProtocolVersion = (typeof LEGACY_PROTOCOL_VERSIONS)[number];
export type ProtocolVersion = LegacyProtocolVersion | typeof MODERN_PROTOCOL_VERSION;

export const LATEST_LEGACY_PROTOCOL_VERSION: LegacyProtocolVersion = '2025-11-25';

export function isLegacyProtocolVersion(value: unknown): value is LegacyProtocolVersion {
  return (LEGACY_PROTOCOL_VERSIONS as readonly unknown[]).includes(value);
}

/** Revisions ordered as strings compare correctly (ISO dates). */
export function isAtLeast(version: ProtocolVersion, minimum: ProtocolVersion): boolean {
  return version >= minimum;
}

/** JSON-RPC batches exist only in 2025-03-26 (2024-11-05 did not define them; 2025-06-18 removed them). */
export function allowsBatches(version: ProtocolVersion): boolean {
  return version === '2025-03-26';
}

/** Reserved `_meta` keys of 2026-07-28 (basic §_meta). */
export const META_PROTOCOL_VERSION = 'io.modelcontextprotocol/protocolVersion';
export const META_CLIENT_INFO = 'io.modelcontextprotocol/clientInfo';
export const META_CLIENT_CAPABILITIES = 'io.modelcontextprotocol/clientCapabilities';
export const META_LOG_LEVEL = 'io.modelcontextprotocol/logLevel';
export const META_SERVER_INFO = 'io.modelcontextprotocol/serverInfo';
export const META_SUBSCRIPTION_ID = 'io.modelcontextprotocol/subscriptionId';

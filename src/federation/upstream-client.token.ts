/**
 * DI token of the `UpstreamClientFactory` the catalogue opens connections with; FederationModule
 * provides it from the `MCP_UPSTREAM_*` client settings (docs/federation-client.md).
 */
export const UPSTREAM_CLIENT_FACTORY = Symbol('UPSTREAM_CLIENT_FACTORY');

/**
 * DI token of the `UpstreamClientFactory` the catalogue opens connections with: the client's
 * defaults (`createUpstreamClient`). The client folder's own `UpstreamClientModule` would add its
 * `MCP_UPSTREAM_*` tuning, but its settings prefix is refused by `defineSettings` today.
 */
export const UPSTREAM_CLIENT_FACTORY = Symbol('UPSTREAM_CLIENT_FACTORY');

/** DI token of the `UpstreamClientFactory` (src/federation/client), replaceable in tests. */
export const UPSTREAM_CLIENT_FACTORY = Symbol('UPSTREAM_CLIENT_FACTORY');

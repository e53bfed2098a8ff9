import { discoverOAuthServerInfo } from '@modelcontextprotocol/client';

export interface DiscoveredTokenEndpoint {
  readonly tokenUrl: string;
  /** The protected resource's own identifier (RFC 9728 `resource`), for RFC 8707. */
  readonly resource: string | undefined;
  readonly scopesSupported: readonly string[];
}

/**
 * Finds an upstream's token endpoint the way MCP authorization says a client does: the
 * upstream's RFC 9728 protected-resource metadata names its authorization server, whose RFC 8414
 * (or OpenID) metadata names the token endpoint (MCP basic/authorization §Authorization Server
 * Discovery). For registering an upstream with OAuth credentials but no `tokenUrl`.
 *
 * @throws Error when the upstream publishes no metadata or its server names no token endpoint
 */
export async function discoverTokenEndpoint(
  upstreamUrl: string,
  resourceMetadataUrl?: URL,
): Promise<DiscoveredTokenEndpoint> {
  const info = await discoverOAuthServerInfo(
    upstreamUrl,
    resourceMetadataUrl === undefined ? {} : { resourceMetadataUrl },
  );
  const tokenUrl = info.authorizationServerMetadata?.token_endpoint;
  if (tokenUrl === undefined) {
    throw new Error(`the authorization server of ${upstreamUrl} names no token endpoint`);
  }
  return {
    tokenUrl,
    resource: info.resourceMetadata?.resource,
    scopesSupported: info.resourceMetadata?.scopes_supported ?? [],
  };
}

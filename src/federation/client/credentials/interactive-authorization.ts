import type { OAuthClientProvider } from '@modelcontextprotocol/client';

import type { UpstreamEndpoint } from '../upstream-client.types.js';

/**
 * An OAuth authorization-code authorization (with PKCE; MCP basic/authorization) of an upstream,
 * for an upstream whose authorization server only grants through a user agent. The SDK's
 * transport runs the flow with `provider` — discovery, client registration (pre-registered,
 * Client ID Metadata Document or dynamic), the authorization request, the token request with
 * RFC 8707 `resource`, refresh and scope step-up; the user agent (a person's browser, or a
 * headless one) brings the authorization response back to `takeAuthorizationResponse`.
 */
export interface InteractiveAuthorization {
  readonly provider: OAuthClientProvider;
  /** The callback parameters (`code`, `state`, `iss`) of the last authorization, taken once. */
  takeAuthorizationResponse(): URLSearchParams | undefined;
}

/** Optional collaborators of the upstream client besides its settings. */
export interface UpstreamClientHooks {
  /** The interactive authorization of an upstream, when it has one. */
  readonly interactiveAuthorization?: (
    endpoint: UpstreamEndpoint,
  ) => InteractiveAuthorization | undefined;
}

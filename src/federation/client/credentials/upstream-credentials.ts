import { AsyncLocalStorage } from 'node:async_hooks';

import type { AuthProvider } from '@modelcontextprotocol/client';

import type { UpstreamAuth, UpstreamEndpoint } from '../upstream-client.types.js';
import type { UpstreamClientOptions } from '../upstream-client.options.js';
import { CachedToken } from './cached-token.js';
import { requestToken, type IssuedToken } from './token-endpoint.js';
import { TokenExchangeCache } from './token-exchange-cache.js';

type OAuthAuth = Extract<UpstreamAuth, { type: 'client-credentials' | 'token-exchange' }>;

const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ACCESS_TOKEN = 'urn:ietf:params:oauth:token-type:access_token';

/** The credential an upstream's requests carry, chosen per request. */
export interface UpstreamCredentials {
  /** For the SDK transport: asked for the bearer token before every HTTP request. */
  readonly provider: AuthProvider | undefined;
  /**
   * Runs `request` on behalf of `subjectToken`'s holder: with `token-exchange` auth, the HTTP
   * requests it makes carry the token exchanged for it (never `subjectToken` itself); without a
   * subject (catalogue sync, the handshake, the notification stream) they carry the client's own.
   */
  runAs<T>(subjectToken: string | undefined, request: () => Promise<T>): Promise<T>;
}

const NO_CREDENTIALS: UpstreamCredentials = {
  provider: undefined,
  runAs: (_subjectToken, request) => request(),
};

/**
 * The upstream's OAuth credential (docs/federation-client.md "Credentials"): a client
 * credentials token (RFC 6749 §4.4) for the upstream as a whole, and with `token-exchange` an
 * RFC 8693 token per calling subject. Both are requested for the upstream as the RFC 8707
 * `resource` (the upstream URL unless configured) and kept until shortly before they expire.
 * `none` and `header` need nothing here: the transport sends a static header itself.
 */
export function upstreamCredentials(
  endpoint: UpstreamEndpoint,
  options: UpstreamClientOptions,
): UpstreamCredentials {
  const auth = endpoint.auth;
  if (auth.type !== 'client-credentials' && auth.type !== 'token-exchange') return NO_CREDENTIALS;
  const timeoutMs = endpoint.requestTimeoutMs;
  const resource = auth.resource ?? endpoint.url ?? '';
  const ownToken = new CachedToken(options.tokenSkewMs);
  const fetchOwnToken = (): Promise<IssuedToken> =>
    requestToken(auth, grant(auth, { grant_type: 'client_credentials', resource }), timeoutMs);
  const exchanged = new TokenExchangeCache(
    (subjectToken) =>
      requestToken(
        auth,
        grant(auth, {
          grant_type: TOKEN_EXCHANGE,
          subject_token: subjectToken,
          subject_token_type: ACCESS_TOKEN,
          requested_token_type: ACCESS_TOKEN,
          resource,
          ...(auth.type === 'token-exchange' && auth.audience ? { audience: auth.audience } : {}),
        }),
        timeoutMs,
      ),
    options.exchangeCacheSize,
    options.tokenSkewMs,
  );
  const subject = new AsyncLocalStorage<string | undefined>();
  const onBehalfOf = () => (auth.type === 'token-exchange' ? subject.getStore() : undefined);
  return {
    provider: {
      token: () => {
        const subjectToken = onBehalfOf();
        return subjectToken === undefined
          ? ownToken.get(fetchOwnToken)
          : exchanged.token(subjectToken);
      },
      onUnauthorized: () => {
        const subjectToken = onBehalfOf();
        if (subjectToken === undefined) ownToken.invalidate();
        else exchanged.invalidate(subjectToken);
        return Promise.resolve();
      },
    },
    // Without a caller, no storage is entered unless one is inherited (a request made from
    // within a caller's): on Node 20 a running AsyncLocalStorage turns on promise hooks for the
    // whole process, so only token-exchange upstreams pay for it.
    runAs: (subjectToken, request) =>
      subjectToken === undefined && subject.getStore() === undefined
        ? request()
        : subject.run(subjectToken, request),
  };
}

function grant(auth: OAuthAuth, parameters: Record<string, string>): Record<string, string> {
  return auth.scope ? { ...parameters, scope: auth.scope } : parameters;
}

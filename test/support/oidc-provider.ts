import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { exportJWK, generateKeyPair, SignJWT } from 'jose';

/** Who the provider signs in next (as if they had logged in at its page). */
export interface ProviderUser {
  readonly sub: string;
  readonly roles: readonly string[];
}

export interface TestOidcProvider {
  readonly issuer: string;
  readonly jwksUri: string;
  readonly clientId: string;
  /** The user `/authorize` signs in; set it before each sign-in. */
  user: ProviderUser;
  /** Every request the provider answered, as `METHOD /path`. */
  readonly requests: readonly string[];
  /** Token requests refused, with the reason (RFC 6749 §5.2 `error`). */
  readonly refusals: readonly string[];
  /** An access token for `user` and `audience`, as the token endpoint issues (for SDK clients). */
  accessToken(user: ProviderUser, audience: string): Promise<string>;
  close(): Promise<void>;
}

interface IssuedCode {
  readonly user: ProviderUser;
  readonly redirectUri: string;
  readonly challenge: string;
  readonly resource: string;
}

/**
 * A small but real OpenID provider on 127.0.0.1 for one public client: discovery, JWKS, an
 * authorization endpoint that signs in {@link TestOidcProvider.user} at once (an SSO session)
 * and a token endpoint that checks the code, client, redirect URI and PKCE verifier (RFC 7636
 * S256) before it issues an ES256 access token for the requested resource (RFC 8707).
 */
export async function startOidcProvider(
  options: { clientId?: string; redirectUri?: string } = {},
): Promise<TestOidcProvider> {
  const clientId = options.clientId ?? 'mcp-dashboard';
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'oidc-1', alg: 'ES256', use: 'sig' };
  const codes = new Map<string, IssuedCode>();
  const requests: string[] = [];
  const refusals: string[] = [];
  let issuer = '';

  const sign = (user: ProviderUser, audience: string) =>
    new SignJWT({ roles: [...user.roles], azp: clientId })
      .setProtectedHeader({ alg: 'ES256', kid: jwk.kid, typ: 'at+jwt' })
      .setIssuer(issuer)
      .setSubject(user.sub)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(privateKey);

  const token = async (form: URLSearchParams): Promise<[number, object]> => {
    const refuse = (error: string): [number, object] => {
      refusals.push(error);
      return [400, { error, error_description: `refused: ${error}` }];
    };
    if (form.get('grant_type') !== 'authorization_code') return refuse('unsupported_grant_type');
    const issued = codes.get(form.get('code') ?? '');
    codes.delete(form.get('code') ?? '');
    if (issued === undefined) return refuse('invalid_grant');
    if (form.get('client_id') !== clientId) return refuse('invalid_client');
    if (form.get('redirect_uri') !== issued.redirectUri) return refuse('invalid_grant');
    const verifier = form.get('code_verifier') ?? '';
    if (createHash('sha256').update(verifier).digest('base64url') !== issued.challenge) {
      return refuse('invalid_grant');
    }
    const accessToken = await sign(issued.user, issued.resource);
    return [200, { access_token: accessToken, token_type: 'Bearer', expires_in: 600 }];
  };

  const server: Server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', issuer);
      requests.push(`${request.method} ${url.pathname}`);
      const json = (status: number, body: object) =>
        response
          .writeHead(status, { 'content-type': 'application/json' })
          .end(JSON.stringify(body));
      if (url.pathname === '/.well-known/openid-configuration') {
        return json(200, {
          issuer,
          authorization_endpoint: `${issuer}/authorize`,
          token_endpoint: `${issuer}/token`,
          jwks_uri: `${issuer}/jwks`,
          response_types_supported: ['code'],
          code_challenge_methods_supported: ['S256'],
        });
      }
      if (url.pathname === '/jwks') return json(200, { keys: [jwk] });
      if (url.pathname === '/authorize') {
        const q = url.searchParams;
        const redirectUri = q.get('redirect_uri') ?? '';
        if (
          q.get('client_id') !== clientId ||
          q.get('response_type') !== 'code' ||
          q.get('code_challenge_method') !== 'S256' ||
          (options.redirectUri !== undefined && redirectUri !== options.redirectUri)
        ) {
          return json(400, { error: 'invalid_request' });
        }
        const code = randomBytes(16).toString('base64url');
        codes.set(code, {
          user: provider.user,
          redirectUri,
          challenge: q.get('code_challenge') ?? '',
          resource: q.get('resource') ?? '',
        });
        const back = new URL(redirectUri);
        back.searchParams.set('code', code);
        back.searchParams.set('state', q.get('state') ?? '');
        response.writeHead(302, { location: back.toString() }).end();
        return;
      }
      if (url.pathname === '/token' && request.method === 'POST') {
        const [status, body] = await token(new URLSearchParams(await textOf(request)));
        return json(status, body);
      }
      response.writeHead(404).end();
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider: TestOidcProvider = {
    issuer,
    jwksUri: `${issuer}/jwks`,
    clientId,
    user: { sub: 'nobody', roles: [] },
    requests,
    refusals,
    accessToken: sign,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
  return provider;
}

async function textOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TokenEndpointOptions {
  readonly clientId: string;
  readonly clientSecret: string;
  /** `expires_in` of every token, seconds (default 3600). */
  readonly expiresIn?: number;
  /** Refuse the exchange of these subject tokens with `invalid_grant`. */
  readonly refuseSubject?: (subjectToken: string) => boolean;
}

export interface IssuedTestToken {
  readonly grantType: string;
  readonly subjectToken?: string;
  readonly resource?: string;
  readonly audience?: string;
  readonly scope?: string;
}

/**
 * A small OAuth token endpoint on 127.0.0.1 (node:http): `client_credentials` (RFC 6749 §4.4)
 * and token exchange (RFC 8693) for one client authenticated with HTTP Basic. It remembers
 * what it issued, so an upstream fixture can accept exactly its tokens
 * (`acceptAuthorization: (h) => endpoint.accepts(h)`) and a test can see who asked for what.
 */
export interface TestTokenEndpoint {
  readonly url: string;
  /** Every token request's form parameters, in order. */
  readonly requests: Record<string, string>[];
  readonly issued: ReadonlyMap<string, IssuedTestToken>;
  /** True for `Bearer <a token issued here and not revoked>`. */
  accepts(authorization: string | undefined): boolean;
  /** Every token issued so far stops being accepted (as after a key rotation). */
  revokeAll(): void;
  close(): Promise<void>;
}

export async function startTokenEndpoint(
  options: TokenEndpointOptions,
): Promise<TestTokenEndpoint> {
  const requests: Record<string, string>[] = [];
  const issued = new Map<string, IssuedTestToken>();
  const revoked = new Set<string>();
  // RFC 6749 §2.3.1: id and secret are form-urlencoded before they are joined and base64-encoded.
  const authenticated = (authorization: string | undefined): boolean => {
    const decoded = Buffer.from(authorization?.replace(/^Basic /, '') ?? '', 'base64').toString();
    const [id = '', secret = ''] = decoded
      .split(':')
      .map((part) => decodeURIComponent(part.replaceAll('+', ' ')));
    return id === options.clientId && secret === options.clientSecret;
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      requests.push(form);
      const answer = (status: number, body: Record<string, unknown>) => {
        res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(JSON.stringify(body));
      };
      if (!authenticated(req.headers.authorization))
        return answer(401, { error: 'invalid_client' });
      const grantType = form.grant_type ?? '';
      const exchange = grantType === 'urn:ietf:params:oauth:grant-type:token-exchange';
      if (grantType !== 'client_credentials' && !exchange) {
        return answer(400, { error: 'unsupported_grant_type' });
      }
      if (exchange && (!form.subject_token || options.refuseSubject?.(form.subject_token))) {
        return answer(400, { error: 'invalid_grant', error_description: 'subject refused' });
      }
      const token = `${exchange ? 'ex' : 'cc'}-${randomBytes(8).toString('hex')}`;
      issued.set(token, {
        grantType,
        ...(form.subject_token ? { subjectToken: form.subject_token } : {}),
        ...(form.resource ? { resource: form.resource } : {}),
        ...(form.audience ? { audience: form.audience } : {}),
        ...(form.scope ? { scope: form.scope } : {}),
      });
      answer(200, {
        access_token: token,
        token_type: 'Bearer',
        expires_in: options.expiresIn ?? 3_600,
        ...(exchange ? { issued_token_type: 'urn:ietf:params:oauth:token-type:access_token' } : {}),
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/token`,
    requests,
    issued,
    accepts: (authorization) => {
      const token = authorization?.replace(/^Bearer /, '') ?? '';
      return issued.has(token) && !revoked.has(token);
    },
    revokeAll: () => {
      for (const token of issued.keys()) revoked.add(token);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

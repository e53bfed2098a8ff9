import { randomUUID } from 'node:crypto';

import { SignJWT } from 'jose';

import { DEV_ISSUER_ALGORITHM, type DevIssuerKey } from './dev-issuer-key.store.js';

export interface DevTokenRequest {
  readonly subject: string;
  readonly roles: readonly string[];
  readonly scopes: readonly string[];
  readonly clientId: string | undefined;
  readonly tenant: string | undefined;
  readonly ttlSeconds: number;
}

export interface DevTokenTarget {
  readonly issuer: string;
  readonly audience: string;
  readonly tenantClaim: string;
}

/** Signs an RFC 9068 access token (`typ: at+jwt`) with the development issuer's key. */
export function mintDevToken(
  key: DevIssuerKey,
  target: DevTokenTarget,
  request: DevTokenRequest,
): Promise<string> {
  const claims: Record<string, unknown> = { roles: request.roles };
  if (request.scopes.length > 0) claims.scope = request.scopes.join(' ');
  if (request.clientId !== undefined) claims.client_id = request.clientId;
  if (request.tenant !== undefined) claims[target.tenantClaim] = request.tenant;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: DEV_ISSUER_ALGORITHM, typ: 'at+jwt', kid: key.kid })
    .setIssuer(target.issuer)
    .setAudience(target.audience)
    .setSubject(request.subject)
    .setIssuedAt()
    .setExpirationTime(`${request.ttlSeconds}s`)
    .setJti(randomUUID())
    .sign(key.privateKey);
}

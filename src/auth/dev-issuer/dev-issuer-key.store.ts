import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { join } from 'node:path';

import { calculateJwkThumbprint, exportJWK, type JSONWebKeySet, type JWK } from 'jose';

import { loadOrCreatePrivateKeyPem } from '../../security/private-key-file.js';

/** The development issuer signs with ES256 (RFC 7518 §3.4): small keys, fast to generate. */
export const DEV_ISSUER_ALGORITHM = 'ES256';
const PRIVATE_KEY_FILE = 'es256-private-key.pem';

export interface DevIssuerKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  /** `{ keys: [publicJwk] }` as served at `/.well-known/jwks.json`. */
  readonly jwks: JSONWebKeySet;
}

/**
 * Loads the development issuer's key pair from `<dataDir>/dev-issuer/`, creating it on first
 * use (`loadOrCreatePrivateKeyPem`: mode 0600, atomic creation). Used by the server and by
 * `npm run token`, so both always agree on the key.
 */
export async function loadOrCreateDevIssuerKey(dataDir: string): Promise<DevIssuerKey> {
  const pem = await loadOrCreatePrivateKeyPem(
    join(dataDir, 'dev-issuer', PRIVATE_KEY_FILE),
    () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey,
  );
  return describeKey(createPrivateKey(pem));
}

async function describeKey(privateKey: KeyObject): Promise<DevIssuerKey> {
  const publicJwk: JWK = await exportJWK(createPublicKey(privateKey));
  const kid = await calculateJwkThumbprint(publicJwk);
  return {
    kid,
    privateKey,
    jwks: { keys: [{ ...publicJwk, kid, alg: DEV_ISSUER_ALGORITHM, use: 'sig' }] },
  };
}

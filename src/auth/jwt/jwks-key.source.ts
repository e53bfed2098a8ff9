import { KeyObject, type webcrypto } from 'node:crypto';

import {
  decodeProtectedHeader,
  errors,
  type FlattenedJWSInput,
  type JWSHeaderParameters,
  type ProtectedHeaderParameters,
} from 'jose';

import { assertAcceptableHeader } from './jwt-header.policy.js';
import { InvalidTokenError } from './invalid-token.error.js';
import { KeySetUnavailableError } from './key-set-unavailable.error.js';

/** A jose JWKS lookup (`createRemoteJWKSet` / `createLocalJWKSet`). */
export type JwksLookup = (
  header: JWSHeaderParameters,
  token: FlattenedJWSInput,
) => Promise<webcrypto.CryptoKey>;

const NO_TOKEN_INPUT: FlattenedJWSInput = Object.freeze({ payload: '', signature: '' });

/**
 * The verification key of a token, from the trusted issuer's JWKS only. jose's JWKS selection
 * matches `kid`, key type/curve for the header `alg`, and the key's own `alg`/`use`/`key_ops`,
 * so an algorithm can only be used with a key that was published for it. Also the DI token.
 */
export class JwksKeySource {
  private readonly pemByKey = new WeakMap<webcrypto.CryptoKey, string>();

  constructor(
    /** The single accepted `iss` (RFC 8725 §3.8). */
    readonly issuer: string,
    private readonly lookup: JwksLookup,
  ) {}

  /** SPKI PEM of the key that must have signed `token` (the form jsonwebtoken verifies with). */
  async keyFor(token: string): Promise<string> {
    let header: ProtectedHeaderParameters;
    try {
      header = decodeProtectedHeader(token);
    } catch {
      throw new InvalidTokenError('malformed', 'malformed header');
    }
    assertAcceptableHeader(header);
    const key = await this.lookupKey(header);
    let pem = this.pemByKey.get(key);
    if (pem === undefined) {
      pem = KeyObject.from(key).export({ type: 'spki', format: 'pem' }).toString();
      this.pemByKey.set(key, pem);
    }
    return pem;
  }

  private async lookupKey(header: JWSHeaderParameters): Promise<webcrypto.CryptoKey> {
    try {
      return await this.lookup(header, NO_TOKEN_INPUT);
    } catch (error) {
      if (error instanceof errors.JWKSNoMatchingKey)
        throw new InvalidTokenError('unknownKey', 'no matching key');
      if (error instanceof errors.JWKSMultipleMatchingKeys) {
        throw new InvalidTokenError('unknownKey', 'ambiguous key: token has no kid');
      }
      // Fetch failed, timed out, or answered something that is not a key set.
      const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      throw new KeySetUnavailableError(detail.slice(0, 200));
    }
  }
}

import { generateKeyPairSync } from 'node:crypto';

import { exportJWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { AttackHarness, type HttpAnswer, NOTHING } from './support/attack-harness.js';
import { initializeRequest } from '../support/json-rpc-http.js';
import { expectHttpErrorBody } from '../support/schema-validator.js';

const INITIALIZE = JSON.stringify(initializeRequest({ client: 'x' }));
const UNSUPPORTED = 'unsupported token header (alg, typ or crit)';

/**
 * Forged and malformed credentials: each is refused with 401, the RFC 6750 challenge and the
 * JSON-RPC body of the rejection table, before the dispatcher runs.
 */
describe('attack suite: tokens', () => {
  let h: AttackHarness;

  beforeAll(async () => {
    h = await AttackHarness.start();
  });
  afterAll(async () => {
    await h?.close();
  });

  /**
   * 401 with the JSON-RPC body of the rejection table, changing nothing. `description`: the
   * RFC 6750 `invalid_token` challenge must say exactly this; `undefined`: no usable credentials,
   * so the challenge carries no error at all.
   */
  async function expectRejected(
    authorization: string | undefined,
    description: string | undefined,
    path = '/mcp',
  ): Promise<void> {
    let answer: HttpAnswer | undefined;
    const changes = await h.changesBy(async () => {
      answer = await h.post(INITIALIZE, authorization === undefined ? {} : { authorization }, path);
    });
    expect(answer?.status).toBe(401);
    expect(answer?.json).toEqual({
      jsonrpc: '2.0',
      error: { code: -32005, message: 'Unauthorized' },
    });
    expect(answer?.json).not.toHaveProperty('id');
    const metadata = `resource_metadata="${new URL(h.app.url).origin}/.well-known/oauth-protected-resource/mcp"`;
    expect(answer?.headers['www-authenticate']).toBe(
      description === undefined
        ? `Bearer ${metadata}`
        : `Bearer ${metadata}, error="invalid_token", error_description="${description}"`,
    );
    expect(changes).toEqual(NOTHING);
  }

  const bearer = (token: string): string => `Bearer ${token}`;

  it('accepts a valid token (control: the rejections below are about the token alone)', async () => {
    const changes = await h.changesBy(() => h.openSession(h.token()));
    expect(changes).toMatchObject({ initialized: 1, sessions: 1, toolRuns: 0 });
  });

  it('rejects a request without a token, with a challenge carrying no error code', async () => {
    await expectRejected(undefined, undefined);
  });

  it('rejects another authorization scheme (Basic) as no bearer credentials', async () => {
    await expectRejected('Basic YWxpY2U6c2VjcmV0', undefined);
  });

  it('rejects a malformed Bearer header', async () => {
    await expectRejected('Bearer two tokens', 'malformed token');
  });

  it('rejects a bearer token that is not a JWT', async () => {
    await expectRejected('Bearer not.a.jwt', 'malformed token');
  });

  it('rejects a token signed by a key the issuer did not publish (forged)', async () => {
    const token = h.jwks.signToken(h.jwks.claims(), { key: 'attacker' });
    await expectRejected(bearer(token), 'bad signature');
  });

  it('rejects a token whose payload was changed after signing (role escalation)', async () => {
    const token = h.jwks.tamper(h.token({ roles: ['analyst'] }), { roles: ['admin'] });
    await expectRejected(bearer(token), 'bad signature');
  });

  it('rejects an expired token', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectRejected(bearer(h.token({ iat: now - 7200, exp: now - 3600 })), 'token expired');
  });

  it('rejects a token that is not valid yet (nbf beyond the clock skew)', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectRejected(bearer(h.token({ nbf: now + 3600 })), 'token not yet valid (nbf)');
  });

  it('rejects a token issued in the future (iat beyond the clock skew)', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectRejected(
      bearer(h.token({ iat: now + 3600, exp: now + 7200 })),
      'token issued in the future (iat)',
    );
  });

  it('rejects a token for another audience', async () => {
    await expectRejected(
      bearer(h.token({ aud: 'https://other-api.example/' })),
      `wrong audience (aud), expected ${h.jwks.audience}`,
    );
  });

  it('rejects a token of another issuer, even signed with a published key', async () => {
    await expectRejected(
      bearer(h.token({ iss: 'https://evil.example' })),
      `wrong issuer (iss), expected ${h.jwks.issuer}`,
    );
  });

  it('rejects HS256 signed with the RSA public key (algorithm confusion)', async () => {
    const token = h.jwks.signToken(h.jwks.claims(), {
      alg: 'HS256',
      secret: h.jwks.rsaPublicKeyPem,
    });
    await expectRejected(bearer(token), UNSUPPORTED);
  });

  it('rejects alg "none"', async () => {
    await expectRejected(bearer(h.jwks.unsignedToken(h.jwks.claims())), UNSUPPORTED);
  });

  it('rejects an RS256 token with its signature stripped (unsigned)', async () => {
    const [header, payload] = h.token().split('.');
    await expectRejected(`Bearer ${header}.${payload}.`, 'bad signature');
  });

  it('rejects a kid that tries path traversal', async () => {
    const token = h.jwks.signToken(h.jwks.claims(), { kid: '../../../../etc/passwd' });
    await expectRejected(bearer(token), 'unknown signing key (kid)');
  });

  it('ignores a jku header pointing at the attacker’s key set', async () => {
    const token = h.jwks.signToken(h.jwks.claims(), {
      key: 'attacker',
      kid: 'attacker-1',
      header: { jku: 'http://127.0.0.1:1/attacker-jwks.json' },
    });
    await expectRejected(bearer(token), 'unknown signing key (kid)');
  });

  it('ignores an embedded jwk header (self-signed token)', async () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = await exportJWK(publicKey);
    const token = h.jwks.signToken(h.jwks.claims(), {
      key: 'attacker',
      kid: null,
      header: { jwk },
    });
    await expectRejected(bearer(token), 'bad signature');
  });

  it('rejects an unknown crit header even when the signature is valid', async () => {
    const token = h.jwks.signToken(h.jwks.claims(), {
      header: { crit: ['x-unknown'], 'x-unknown': 1 },
    });
    await expectRejected(bearer(token), UNSUPPORTED);
  });

  it('rejects EdDSA (not an accepted algorithm) even with a published key', async () => {
    await expectRejected(bearer(h.jwks.signToken(h.jwks.claims(), { key: 'ed' })), UNSUPPORTED);
  });

  it('rejects an unexpected typ (an ID token is not an access token)', async () => {
    const token = h.jwks.signToken(h.jwks.claims(), { typ: 'id_token+jwt' });
    await expectRejected(bearer(token), UNSUPPORTED);
  });

  it('rejects a token without sub', async () => {
    await expectRejected(
      bearer(h.jwks.signToken(h.jwks.claims({ sub: undefined }))),
      'missing or invalid claim (sub, exp, iat)',
    );
  });

  it('ignores a valid token in the query string', async () => {
    await expectRejected(undefined, undefined, `/mcp?access_token=${h.token()}`);
  });
});

/**
 * An issuer whose key set cannot be fetched is an outage, not a bad token: 503 with
 * `Retry-After`, so clients keep their tokens and retry instead of re-authenticating.
 */
describe('attack suite: tokens, the issuer key set unreachable', () => {
  let h: AttackHarness;

  beforeAll(async () => {
    // Nothing listens on port 1: every key-set fetch is refused at once.
    h = await AttackHarness.start({ AUTH_JWKS_URI: 'http://127.0.0.1:1/jwks.json' });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('answers /mcp 503 with Retry-After and changes nothing', async () => {
    let answer: HttpAnswer | undefined;
    const changes = await h.changesBy(async () => {
      answer = await h.post(INITIALIZE, { authorization: `Bearer ${h.token()}` });
    });
    expect(answer?.status).toBe(503);
    expect(answer?.headers['retry-after']).toBe('5');
    expect(answer?.headers['www-authenticate']).toBeUndefined();
    expect(answer?.json).toEqual({
      jsonrpc: '2.0',
      error: {
        code: -32003,
        message: 'Service Unavailable: the token issuer cannot be reached',
        data: { retryAfterSeconds: 5 },
      },
    });
    expectHttpErrorBody(answer?.json);
    expect(changes).toEqual(NOTHING);
  });

  it('answers the admin API 503 with Retry-After', async () => {
    const answer = await h.send('GET', '/admin/api/tools', {
      authorization: `Bearer ${h.token({ roles: ['admin'] })}`,
    });
    expect(answer.status).toBe(503);
    expect(answer.headers['retry-after']).toBe('5');
  });
});

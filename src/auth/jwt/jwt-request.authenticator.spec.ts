import type { IncomingMessage } from 'node:http';

import { Logger } from '@nestjs/common';
import { createRemoteJWKSet } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

import { startJwksServer, type TestJwksServer } from '../../../test/support/jwks-server.js';
import { loadConfig } from '../../config/app-config.js';
import { SecurityEvents } from '../../security/security-events.service.js';
import { AuthenticationError } from '../request-authenticator.js';
import { BearerChallenges } from './bearer-challenges.js';
import { JwksKeySource } from './jwks-key.source.js';
import { JwtAccessTokenStrategy } from './jwt-access-token.strategy.js';
import { JwtRequestAuthenticator } from './jwt-request.authenticator.js';
import { VerifiedTokenCache } from './verified-token.cache.js';

const METADATA =
  'resource_metadata="http://127.0.0.1:3000/.well-known/oauth-protected-resource/mcp"';
const MISSING = `Bearer ${METADATA}`;
/** The challenge of a refused token: RFC 6750 `invalid_token` and why, as the client reads it. */
const invalid = (description: string): string =>
  `Bearer ${METADATA}, error="invalid_token", error_description="${description}"`;
const UNSUPPORTED = 'unsupported token header (alg, typ or crit)';
const UNKNOWN_KEY = 'unknown signing key (kid)';
const INVALID_CLAIMS = 'missing or invalid claim (sub, exp, iat)';

/** Keeps the detail of every auth failure, to check each token fails for the intended reason. */
class RecordingEvents extends SecurityEvents {
  readonly details: string[] = [];

  override record(...args: Parameters<SecurityEvents['record']>): void {
    this.details.push(args[2]);
    super.record(...args);
  }
}

function request(headers: Record<string, string>, url = '/mcp'): IncomingMessage {
  return { headers, url, method: 'POST' } as unknown as IncomingMessage;
}

function bearer(token: string): IncomingMessage {
  return request({ authorization: `Bearer ${token}` });
}

describe(JwtRequestAuthenticator.name, () => {
  let jwks: TestJwksServer;
  let keySource: JwksKeySource;
  let events: RecordingEvents;
  let sut: JwtRequestAuthenticator;

  beforeAll(async () => {
    jwks = await startJwksServer();
    const config = loadConfig({ AUTH_ISSUER: jwks.issuer, AUTH_JWKS_URI: jwks.jwksUri });
    events = new RecordingEvents();
    Logger.overrideLogger(false);
    keySource = new JwksKeySource(jwks.issuer, createRemoteJWKSet(new URL(jwks.jwksUri)));
    sut = new JwtRequestAuthenticator(
      new JwtAccessTokenStrategy(keySource, config),
      new VerifiedTokenCache(),
      new BearerChallenges(config),
      events,
    );
  });
  afterAll(() => jwks.close());

  async function rejection(req: IncomingMessage): Promise<string> {
    const error: unknown = await sut.authenticate(req).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AuthenticationError);
    return (error as AuthenticationError).challenge;
  }

  describe('accepts', () => {
    it.each([
      ['RS256', { key: 'rsa' }],
      ['PS256', { key: 'rsa', alg: 'PS256' }],
      ['ES256', { key: 'ec' }],
      ['typ JWT', { typ: 'JWT' }],
      ['typ application/at+jwt', { typ: 'application/at+jwt' }],
      ['no typ', { typ: null }],
    ] as const)('should accept a valid %s token', async (_name, options) => {
      const principal = await sut.authenticate(bearer(jwks.signToken(jwks.claims(), options)));
      expect(principal.subject).toBe('alice');
      expect(principal.authenticated).toBe(true);
    });

    it('should accept a token expired 20 s ago within the 30 s clock skew', async () => {
      const exp = Math.floor(Date.now() / 1000) - 20;
      await expect(
        sut.authenticate(bearer(jwks.signToken(jwks.claims({ exp })))),
      ).resolves.toMatchObject({
        expiresAt: exp,
      });
    });

    it('should accept a token issued 20 s in the future within the 30 s clock skew', async () => {
      const iat = Math.floor(Date.now() / 1000) + 20;
      await expect(
        sut.authenticate(bearer(jwks.signToken(jwks.claims({ iat })))),
      ).resolves.toMatchObject({ subject: 'alice' });
    });

    it('should accept an aud array containing our audience', async () => {
      const token = jwks.signToken(jwks.claims({ aud: ['https://other.example', jwks.audience] }));
      await expect(sut.authenticate(bearer(token))).resolves.toMatchObject({ subject: 'alice' });
    });

    it('should map roles, scopes, client and tenant from the claims', async () => {
      const token = jwks.signToken(
        jwks.claims({
          roles: ['analyst', 7, 'admin', null],
          scope: 'tools:read  tools:call',
          scp: ['files:read', 3],
          azp: 'agent-a',
          client_id: 'ignored',
          tenant: 't1',
        }),
      );
      const principal = await sut.authenticate(bearer(token));
      expect(principal.roles).toEqual(['analyst', 'admin']);
      expect([...principal.scopes].sort()).toEqual(['files:read', 'tools:call', 'tools:read']);
      expect(principal.clientId).toBe('agent-a');
      expect(principal.tenant).toBe('t1');
    });

    it('should take the client from client_id when there is no azp', async () => {
      const token = jwks.signToken(jwks.claims({ client_id: 'agent-b', scp: 'a b' }));
      const principal = await sut.authenticate(bearer(token));
      expect(principal.clientId).toBe('agent-b');
      expect([...principal.scopes].sort()).toEqual(['a', 'b']);
    });
  });

  describe('rejects with error="invalid_token"', () => {
    beforeEach(() => {
      events.details.length = 0;
    });

    const now = () => Math.floor(Date.now() / 1000);
    const wrongIssuer = () => `wrong issuer (iss), expected ${jwks.issuer}`;
    const wrongAudience = () => `wrong audience (aud), expected ${jwks.audience}`;
    /** name, log detail, `error_description` (a function when it names the test issuer), token */
    const cases: [string, RegExp, string | (() => string), () => string][] = [
      ['alg none', /algorithm not allowed/, UNSUPPORTED, () => jwks.unsignedToken(jwks.claims())],
      [
        'HS256 signed with the RSA public key',
        /algorithm not allowed/,
        UNSUPPORTED,
        () => jwks.signToken(jwks.claims(), { alg: 'HS256', secret: jwks.rsaPublicKeyPem }),
      ],
      [
        'an edited payload (roles → admin)',
        /invalid signature/,
        'bad signature',
        () => jwks.tamper(jwks.signToken(jwks.claims()), { roles: ['admin'] }),
      ],
      [
        'a stripped signature',
        /signature is required/,
        'bad signature',
        () => `${jwks.signToken(jwks.claims()).split('.').slice(0, 2).join('.')}.`,
      ],
      [
        'another key with the same kid',
        /invalid signature/,
        'bad signature',
        () => jwks.signToken(jwks.claims(), { key: 'attacker' }),
      ],
      [
        'an unknown kid',
        /no matching key/,
        UNKNOWN_KEY,
        () => jwks.signToken(jwks.claims(), { kid: 'nope' }),
      ],
      [
        'a path traversal kid',
        /no matching key/,
        UNKNOWN_KEY,
        () => jwks.signToken(jwks.claims(), { kid: '../../../../dev/null' }),
      ],
      [
        'a jku pointing at the attacker',
        /no matching key/,
        UNKNOWN_KEY,
        () =>
          jwks.signToken(jwks.claims(), {
            key: 'attacker',
            kid: 'evil',
            header: { jku: 'http://127.0.0.1:1/jwks' },
          }),
      ],
      [
        'an embedded attacker jwk',
        /invalid signature/,
        'bad signature',
        () =>
          jwks.signToken(jwks.claims(), {
            key: 'attacker',
            kid: null,
            header: { jwk: { kty: 'RSA', n: 'x', e: 'AQAB' } },
          }),
      ],
      [
        'an unknown crit header',
        /unsupported crit/,
        UNSUPPORTED,
        () => jwks.signToken(jwks.claims(), { header: { crit: ['urn:x'], 'urn:x': 1 } }),
      ],
      [
        'exp 10 minutes ago',
        /jwt expired/,
        'token expired',
        () => jwks.signToken(jwks.claims({ exp: now() - 600 })),
      ],
      [
        'nbf in 10 minutes',
        /not active/,
        'token not yet valid (nbf)',
        () => jwks.signToken(jwks.claims({ nbf: now() + 600 })),
      ],
      [
        'iat in 10 minutes',
        /issued in the future/,
        'token issued in the future (iat)',
        () => jwks.signToken(jwks.claims({ iat: now() + 600 })),
      ],
      [
        'a non-numeric iat',
        /invalid iat/,
        INVALID_CLAIMS,
        () => jwks.signToken(jwks.claims({ iat: 'now' })),
      ],
      [
        'no exp',
        /missing exp/,
        INVALID_CLAIMS,
        () => jwks.signToken(jwks.claims({ exp: undefined })),
      ],
      [
        'a non-numeric exp',
        /invalid exp/,
        INVALID_CLAIMS,
        () => jwks.signToken(jwks.claims({ exp: 'tomorrow' })),
      ],
      [
        'no sub',
        /missing sub/,
        INVALID_CLAIMS,
        () => jwks.signToken(jwks.claims({ sub: undefined })),
      ],
      [
        'a wrong issuer',
        /issuer invalid/,
        wrongIssuer,
        () => jwks.signToken(jwks.claims({ iss: 'https://evil.example' })),
      ],
      [
        'the issuer with a trailing slash',
        /issuer invalid/,
        wrongIssuer,
        () => jwks.signToken(jwks.claims({ iss: `${jwks.issuer}/` })),
      ],
      [
        'a wrong audience',
        /audience invalid/,
        wrongAudience,
        () => jwks.signToken(jwks.claims({ aud: 'https://other-api.example' })),
      ],
      [
        'no audience',
        /audience invalid/,
        wrongAudience,
        () => jwks.signToken(jwks.claims({ aud: undefined })),
      ],
      [
        'typ id+jwt',
        /unexpected typ/,
        UNSUPPORTED,
        () => jwks.signToken(jwks.claims(), { typ: 'id+jwt' }),
      ],
      [
        'typ dpop+jwt',
        /unexpected typ/,
        UNSUPPORTED,
        () => jwks.signToken(jwks.claims(), { typ: 'dpop+jwt' }),
      ],
      [
        'EdDSA (not in the pinned algorithms)',
        /algorithm not allowed/,
        UNSUPPORTED,
        () => jwks.signToken(jwks.claims(), { key: 'ed' }),
      ],
      [
        'ES256 header on the RSA key',
        /no matching key/,
        UNKNOWN_KEY,
        () => jwks.signToken(jwks.claims(), { key: 'rsa', alg: 'ES256', kid: 'rsa-1' }),
      ],
      [
        'RS256 header with the EC kid',
        /no matching key/,
        UNKNOWN_KEY,
        () => jwks.signToken(jwks.claims(), { key: 'rsa', kid: 'ec-1' }),
      ],
      [
        'a payload that is not an object',
        /audience invalid/,
        wrongAudience,
        () => jwks.signToken('"just a string"'),
      ],
      ['garbage', /malformed header/, 'malformed token', () => 'not.a.jwt'],
    ];
    it.each(cases)('should reject %s', async (_name, reason, description, token) => {
      const expected = typeof description === 'string' ? description : description();
      expect(await rejection(bearer(token()))).toBe(invalid(expected));
      expect(events.details).toEqual([expect.stringMatching(reason)]);
    });

    it.each([
      ['Bearer', 'Bearer'],
      ['two tokens', 'Bearer abc def'],
      ['a token with a comma', 'Bearer abc,def'],
      ['not a credential', '::::'],
    ])('should reject a malformed Authorization header (%s)', async (_name, header) => {
      expect(await rejection(request({ authorization: header }))).toBe(invalid('malformed token'));
    });
  });

  describe('without credentials', () => {
    it('should challenge without an error attribute when there is no Authorization header', async () => {
      expect(await rejection(request({}))).toBe(MISSING);
    });

    it('should ignore a token in the query string', async () => {
      const token = jwks.signToken(jwks.claims());
      expect(await rejection(request({}, `/mcp?access_token=${token}`))).toBe(MISSING);
    });

    it('should treat another scheme as no bearer credentials', async () => {
      expect(await rejection(request({ authorization: 'Basic YWxpY2U6c2VjcmV0' }))).toBe(MISSING);
    });
  });

  describe('cache', () => {
    it('should verify a token once and answer repeats from the cache', async () => {
      const keyFor = vi.spyOn(keySource, 'keyFor');
      const token = jwks.signToken(jwks.claims({ sub: 'cached' }));
      const first = await sut.authenticate(bearer(token));
      const second = await sut.authenticate(bearer(token));
      expect(second).toBe(first);
      expect(keyFor).toHaveBeenCalledTimes(1);
    });

    it('should not let a cached token shadow a tampered copy', async () => {
      const token = jwks.signToken(jwks.claims({ sub: 'shadow' }));
      await sut.authenticate(bearer(token));
      expect(await rejection(bearer(jwks.tamper(token, { sub: 'mallory' })))).toBe(
        invalid('bad signature'),
      );
    });
  });
});

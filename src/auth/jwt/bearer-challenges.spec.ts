import { validateHeaderValue } from 'node:http';

import { describe, expect, it } from 'vitest';

import { loadConfig } from '../../config/app-config.js';
import { BearerChallenges } from './bearer-challenges.js';
import { TOKEN_FAILURES } from './token-failure.js';

/** RFC 6750 §3 challenge: `Bearer` and comma-separated auth-params whose values are quoted-strings. */
const CHALLENGE =
  /^Bearer [a-z_]+="(?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\[\x20-\x7e])*"(?:, [a-z_]+="(?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\[\x20-\x7e])*")*$/;

describe(BearerChallenges.name, () => {
  const metadata =
    'resource_metadata="http://127.0.0.1:3000/.well-known/oauth-protected-resource/mcp"';

  it('should name the expected audience and issuer, which the RFC 9728 metadata publishes', () => {
    const sut = new BearerChallenges(loadConfig({ AUTH_DEV_ISSUER: 'true', PORT: '3000' }));
    expect(sut.invalidToken('wrongAudience')).toBe(
      `Bearer ${metadata}, error="invalid_token", ` +
        'error_description="wrong audience (aud), expected http://127.0.0.1:3000/mcp"',
    );
    expect(sut.invalidToken('wrongIssuer')).toBe(
      `Bearer ${metadata}, error="invalid_token", ` +
        'error_description="wrong issuer (iss), expected http://127.0.0.1:3000"',
    );
  });

  it('should keep every challenge a valid header of quoted-strings whatever AUTH_AUDIENCE holds', () => {
    const sut = new BearerChallenges(
      loadConfig({ AUTH_DEV_ISSUER: 'true', AUTH_AUDIENCE: 'urn:a"b\\c\u0007d\u00e9e' }),
    );
    expect(sut.invalidToken('wrongAudience')).toContain(
      'error_description="wrong audience (aud), expected urn:a\\"b\\\\c?d?e"',
    );
    const challenges = [
      sut.missingToken,
      sut.insufficientScope(['files:read', 'say "hi"']),
      ...TOKEN_FAILURES.map((failure) => sut.invalidToken(failure)),
    ];
    for (const challenge of challenges) {
      expect(challenge).toMatch(CHALLENGE);
      expect(() => validateHeaderValue('WWW-Authenticate', challenge)).not.toThrow();
    }
  });
});

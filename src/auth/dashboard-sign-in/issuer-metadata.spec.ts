import { describe, expect, it } from 'vitest';

import { discoverIssuer, metadataUrls } from './issuer-metadata.js';

const ISSUER = 'https://login.example.com/tenant-a';
const METADATA = {
  issuer: ISSUER,
  authorization_endpoint: `${ISSUER}/authorize`,
  token_endpoint: 'https://tokens.example.com/token',
  code_challenge_methods_supported: ['S256'],
};

describe('issuer discovery for the dashboard sign-in', () => {
  it('should try OpenID Connect Discovery, then RFC 8414 with the path after the well-known part', () => {
    expect(metadataUrls(ISSUER)).toEqual([
      'https://login.example.com/tenant-a/.well-known/openid-configuration',
      'https://login.example.com/.well-known/oauth-authorization-server/tenant-a',
    ]);
    expect(metadataUrls('https://idp.example.com')).toEqual([
      'https://idp.example.com/.well-known/openid-configuration',
      'https://idp.example.com/.well-known/oauth-authorization-server',
    ]);
  });

  it('should fall back to the authorization-server metadata when the OpenID one is missing', async () => {
    const asked: string[] = [];
    const endpoints = await discoverIssuer(ISSUER, (url) => {
      asked.push(url);
      return url.includes('openid-configuration')
        ? Promise.reject(new Error('HTTP 404'))
        : Promise.resolve(METADATA);
    });
    expect(asked).toHaveLength(2);
    expect(endpoints).toEqual({
      issuer: ISSUER,
      authorizationEndpoint: `${ISSUER}/authorize`,
      tokenEndpoint: 'https://tokens.example.com/token',
    });
  });

  it('should refuse metadata of another issuer, without S256, or without endpoints', async () => {
    const serve = (document: object) => () => Promise.resolve(document);
    await expect(
      discoverIssuer(ISSUER, serve({ ...METADATA, issuer: 'https://evil.example.com' })),
    ).rejects.toThrow(/names issuer https:\/\/evil.example.com/);
    await expect(
      discoverIssuer(ISSUER, serve({ ...METADATA, code_challenge_methods_supported: ['plain'] })),
    ).rejects.toThrow(/S256/);
    await expect(
      discoverIssuer(ISSUER, serve({ ...METADATA, token_endpoint: 'javascript:alert(1)' })),
    ).rejects.toThrow(/token_endpoint/);
    await expect(
      discoverIssuer(ISSUER, () => Promise.reject(new Error('HTTP 500'))),
    ).rejects.toThrow(/no metadata for issuer .*HTTP 500/);
  });
});

import {
  constants,
  createHmac,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
} from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { exportJWK, type JWK } from 'jose';

/** Keys the test JWKS publishes (`rsa`, `ec`, `ed`), and one it does not (`attacker`). */
export type TestKeyName = 'rsa' | 'ec' | 'ed' | 'attacker';
export type TestAlgorithm = 'RS256' | 'PS256' | 'ES256' | 'EdDSA' | 'HS256' | 'none';

export interface SignOptions {
  readonly key?: TestKeyName;
  /** Defaults to the natural algorithm of the key (RS256 for RSA keys). */
  readonly alg?: TestAlgorithm;
  /** `null` omits `kid`; default: the published kid of the key (attacker: the RSA kid). */
  readonly kid?: string | null;
  /** `null` omits `typ`; default `at+jwt`. */
  readonly typ?: string | null;
  /** Extra protected header parameters (`jku`, `jwk`, `crit`, …). */
  readonly header?: Readonly<Record<string, unknown>>;
  /** HS256 only: the HMAC secret (the alg-confusion attack uses the RSA public key PEM). */
  readonly secret?: string | Buffer;
}

export interface TestJwksServer {
  readonly issuer: string;
  readonly audience: string;
  readonly jwksUri: string;
  /** How many times the JWKS was fetched. */
  readonly fetches: number;
  readonly rsaPublicKeyPem: string;
  /** Standard claims (iss, aud, sub, iat, exp in 10 min) merged with `claims`; `undefined` drops one. */
  claims(overrides?: Readonly<Record<string, unknown>>): Record<string, unknown>;
  /** Signs `payload` verbatim (use {@link claims} for the defaults). */
  signToken(payload: unknown, options?: SignOptions): string;
  /** `alg: none`, empty signature. */
  unsignedToken(payload: unknown): string;
  /** Re-encodes the payload with `patch` applied, keeping the original signature. */
  tamper(token: string, patch: Readonly<Record<string, unknown>>): string;
  close(): Promise<void>;
}

const KIDS: Record<Exclude<TestKeyName, 'attacker'>, string> = {
  rsa: 'rsa-1',
  ec: 'ec-1',
  ed: 'ed-1',
};
const NATURAL_ALG: Record<TestKeyName, TestAlgorithm> = {
  rsa: 'RS256',
  ec: 'ES256',
  ed: 'EdDSA',
  attacker: 'RS256',
};

function b64url(value: unknown): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString(
    'base64url',
  );
}

function signature(
  alg: TestAlgorithm,
  input: string,
  key: KeyObject,
  secret?: string | Buffer,
): string {
  const data = Buffer.from(input);
  switch (alg) {
    case 'RS256':
      return sign('sha256', data, key).toString('base64url');
    case 'PS256':
      return sign('sha256', data, {
        key,
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: 32,
      }).toString('base64url');
    case 'ES256':
      return sign('sha256', data, { key, dsaEncoding: 'ieee-p1363' }).toString('base64url');
    case 'EdDSA':
      return sign(null, data, key).toString('base64url');
    case 'HS256':
      return createHmac('sha256', secret ?? '')
        .update(data)
        .digest('base64url');
    case 'none':
      return '';
  }
}

/**
 * A JWKS endpoint on 127.0.0.1 (random port) with freshly generated RSA, P-256 and Ed25519 keys,
 * and a signer that can forge every token test/security/attack-tokens.spec.ts tries.
 */
export async function startJwksServer(
  options: { audience?: string } = {},
): Promise<TestJwksServer> {
  const keys = {
    rsa: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey,
    ec: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey,
    ed: generateKeyPairSync('ed25519').privateKey,
    attacker: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey,
  };
  const published: JWK[] = await Promise.all(
    (Object.keys(KIDS) as (keyof typeof KIDS)[]).map(async (name) => ({
      ...(await exportJWK(createPublicKey(keys[name]))),
      kid: KIDS[name],
      use: 'sig',
    })),
  );
  let fetches = 0;
  const server: Server = createServer((request, response) => {
    if (request.url !== '/jwks.json') {
      response.writeHead(404).end();
      return;
    }
    fetches += 1;
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ keys: published }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;
  const audience = options.audience ?? 'http://127.0.0.1:3000/mcp';

  const signToken = (payload: unknown, signOptions: SignOptions = {}): string => {
    const keyName = signOptions.key ?? 'rsa';
    const alg = signOptions.alg ?? NATURAL_ALG[keyName];
    const kid =
      signOptions.kid === undefined
        ? KIDS[keyName === 'attacker' ? 'rsa' : keyName]
        : signOptions.kid;
    const typ = signOptions.typ === undefined ? 'at+jwt' : signOptions.typ;
    const header = {
      alg,
      ...(kid === null ? {} : { kid }),
      ...(typ === null ? {} : { typ }),
      ...signOptions.header,
    };
    const input = `${b64url(header)}.${b64url(payload)}`;
    return `${input}.${signature(alg, input, keys[keyName], signOptions.secret)}`;
  };

  return {
    issuer,
    audience,
    jwksUri: `${issuer}/jwks.json`,
    get fetches() {
      return fetches;
    },
    rsaPublicKeyPem: createPublicKey(keys.rsa).export({ type: 'spki', format: 'pem' }).toString(),
    claims(overrides = {}) {
      const now = Math.floor(Date.now() / 1000);
      const merged: Record<string, unknown> = {
        iss: issuer,
        aud: audience,
        sub: 'alice',
        iat: now,
        exp: now + 600,
        ...overrides,
      };
      for (const [name, value] of Object.entries(merged))
        if (value === undefined) delete merged[name];
      return merged;
    },
    signToken,
    unsignedToken: (payload) => `${b64url({ alg: 'none', typ: 'at+jwt' })}.${b64url(payload)}.`,
    tamper(token, patch) {
      const [header, payload, sig] = token.split('.');
      const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as object;
      return `${header}.${b64url({ ...claims, ...patch })}.${sig}`;
    },
    close: () =>
      new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}

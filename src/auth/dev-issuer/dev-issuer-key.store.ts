import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { link, mkdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { calculateJwkThumbprint, exportJWK, type JSONWebKeySet, type JWK } from 'jose';

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
 * use. Used by the server and by `npm run token`, so both always agree on the key. The private
 * key file is mode 0600 in a 0700 directory, and a key file readable by others is refused (as
 * ssh does). Creation is atomic (write a temp file, then `link`), so two processes starting
 * together end up with the same key.
 */
export async function loadOrCreateDevIssuerKey(dataDir: string): Promise<DevIssuerKey> {
  const directory = join(dataDir, 'dev-issuer');
  const file = join(directory, PRIVATE_KEY_FILE);
  await mkdir(directory, { recursive: true, mode: 0o700 });
  const pem = (await readKeyFile(file)) ?? (await createKeyFile(file));
  return describeKey(createPrivateKey(pem));
}

async function readKeyFile(file: string): Promise<string | undefined> {
  try {
    const { mode } = await stat(file);
    if ((mode & 0o077) !== 0) {
      throw new Error(`${file} is accessible by other users; run: chmod 600 ${file}`);
    }
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function createKeyFile(file: string): Promise<string> {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, pem, { mode: 0o600, flag: 'wx' });
  try {
    await link(temporary, file);
    return pem;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return readFile(file, 'utf8');
  } finally {
    await unlink(temporary);
  }
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

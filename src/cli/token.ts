import { parseArgs } from 'node:util';

import { devIssuerUrl } from '../auth/protected-resource/protected-resource-urls.js';
import { loadOrCreateDevIssuerKey } from '../auth/dev-issuer/dev-issuer-key.store.js';
import { type DevTokenRequest, mintDevToken } from '../auth/dev-issuer/dev-token.minter.js';
import { loadConfigFromEnvironment } from '../config/load-environment.js';

const USAGE = `usage: npm run --silent token -- --sub <subject> [--roles a,b] [--scopes "s1 s2"]
       [--client <client_id>] [--tenant <tenant>] [--ttl <seconds, default 3600>]
       npm run --silent token -- --help

Prints a development access token (ES256, typ at+jwt) on stdout, signed with the key under
<MCP_DATA_DIR>/dev-issuer/ (created on first use). Its audience and issuer come from the
server's own configuration (PORT, HOST, MCP_PUBLIC_URL, AUTH_AUDIENCE), so run it with the
settings the server runs with (AUTH_DEV_ISSUER=true, the same MCP_DATA_DIR).`;

/** Bad usage exits 2, as POSIX utilities do; `--help` is not an error. */
const EXIT_USAGE = 2;

/** At most one day: development tokens should not outlive a working session. */
const MAX_TTL_SECONDS = 86_400;

/** `undefined`: `--help` was asked for. Throws on bad usage. */
function parseRequest(argv: readonly string[]): DevTokenRequest | undefined {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      sub: { type: 'string' },
      roles: { type: 'string', default: '' },
      scopes: { type: 'string', default: '' },
      client: { type: 'string' },
      tenant: { type: 'string' },
      ttl: { type: 'string', default: '3600' },
    },
  });
  if (values.help === true) return undefined;
  if (values.sub === undefined || values.sub.trim() === '') throw new Error('--sub is required');
  const ttl = Number(values.ttl);
  if (!Number.isSafeInteger(ttl) || ttl < 1 || ttl > MAX_TTL_SECONDS) {
    throw new Error(`--ttl must be an integer from 1 to ${MAX_TTL_SECONDS} seconds`);
  }
  return {
    subject: values.sub.trim(),
    roles: splitList(values.roles, ','),
    scopes: splitList(values.scopes, ' '),
    clientId: values.client,
    tenant: values.tenant,
    ttlSeconds: ttl,
  };
}

function splitList(raw: string, separator: string): string[] {
  return raw
    .split(separator)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

async function main(): Promise<void> {
  let request: DevTokenRequest | undefined;
  try {
    request = parseRequest(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    process.exitCode = EXIT_USAGE;
    return;
  }
  if (request === undefined) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  // The loader `npm start` uses: the token is minted for exactly what that server verifies.
  const config = loadConfigFromEnvironment();
  if (!config.auth.devIssuer) {
    process.stderr.write('note: AUTH_DEV_ISSUER is not true here; the server must run with it\n');
  }
  const target = {
    issuer: devIssuerUrl(config),
    audience: config.auth.audience,
    tenantClaim: config.auth.tenantClaim,
  };
  const key = await loadOrCreateDevIssuerKey(config.database.dataDir);
  const token = await mintDevToken(key, target, request);
  process.stderr.write(`token for audience ${target.audience}, issuer ${target.issuer}\n`);
  process.stdout.write(`${token}\n`);
}

await main();

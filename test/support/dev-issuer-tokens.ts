import { loadOrCreateDevIssuerKey } from '../../src/auth/dev-issuer/dev-issuer-key.store.js';
import { mintDevToken } from '../../src/auth/dev-issuer/dev-token.minter.js';
import { devIssuerUrl } from '../../src/auth/protected-resource/protected-resource-urls.js';
import type { AppConfig } from '../../src/config/app-config.js';

/** A token of the app's development issuer, as `npm run token -- --sub … --roles …` prints it. */
export async function devTokenFor(
  config: AppConfig,
  subject: string,
  roles: readonly string[],
): Promise<string> {
  const key = await loadOrCreateDevIssuerKey(config.database.dataDir);
  return mintDevToken(
    key,
    {
      issuer: devIssuerUrl(config),
      audience: config.auth.audience,
      tenantClaim: config.auth.tenantClaim,
    },
    { subject, roles, scopes: [], clientId: undefined, tenant: undefined, ttlSeconds: 600 },
  );
}

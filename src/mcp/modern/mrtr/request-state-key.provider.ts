import type { AppConfig } from '../../../config/app-config.js';
import type { ServerSecretStore } from '../../../security/secrets/server-secret.store.js';

/** Name of the shared secret in `server_secrets`. */
export const REQUEST_STATE_SECRET = 'mcp.request-state.hmac';
const KEY_BYTES = 32;

/**
 * The HMAC key of `requestState`: `MCP_STATE_SECRET` when set, else the deployment's generated
 * secret, so a state minted by one instance verifies on every other (SEP-2322: any instance may
 * serve the retry).
 */
export async function loadRequestStateKey(
  config: AppConfig,
  secrets: ServerSecretStore,
): Promise<Buffer> {
  const configured = config.mcp.stateSecret;
  if (configured !== undefined) return Buffer.from(configured, 'utf8');
  return secrets.getOrCreate(REQUEST_STATE_SECRET, KEY_BYTES);
}

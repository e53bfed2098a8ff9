import { defineSettings } from '../config/index.js';
import { decodeSecretKey } from './secrets/secret-key.js';

/** Characters a tool name may hold (tools §Tool names); the separator is part of served names. */
const SEPARATOR = /^[A-Za-z0-9_.-]{1,8}$/;

/** Federation of upstream MCP servers (docs/federation.md), from the `MCP_UPSTREAM*` variables. */
export class FederationSettings extends defineSettings('MCP_', (read) => {
  const rawKey = read.string('UPSTREAM_SECRET_KEY');
  const secretKey = rawKey === undefined ? undefined : decodeSecretKey(rawKey);
  if (secretKey === null) {
    read.fail(
      'MCP_UPSTREAM_SECRET_KEY must be 32 random bytes, as 64 hex digits or base64 ' +
        '(e.g. `openssl rand -base64 32`)',
    );
  }
  const separator = read.string('UPSTREAM_SEPARATOR', '__');
  if (!SEPARATOR.test(separator)) {
    read.fail('MCP_UPSTREAM_SEPARATOR must be 1 to 8 of the characters A-Z a-z 0-9 _ . -');
  }
  return {
    /** AES-256-GCM key of upstream secrets at rest; unset: secrets are refused. */
    secretKey: secretKey ?? undefined,
    /** Between the upstream's name and its capability's name: `<upstream><separator><name>`. */
    separator,
    /** `MCP_UPSTREAMS_FILE`: YAML or JSON list of upstreams, applied at boot and on change. */
    upstreamsFile: read.string('UPSTREAMS_FILE'),
    /** How often every upstream's catalogue is re-read besides its `list_changed` notifications. */
    refreshMs: read.integer('UPSTREAM_REFRESH_MS', 300_000, 1_000, 86_400_000),
    /** Bound on one request to an upstream unless the upstream sets its own. */
    requestTimeoutMs: read.integer('UPSTREAM_TIMEOUT_MS', 30_000, 100, 3_600_000),
  };
}) {}

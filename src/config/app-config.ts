import { resolve } from 'node:path';

import {
  readLogFormat,
  readSkillsDir,
  readStateSecret,
  readStdioScopes,
  safeUserName,
  stripTrailingSlash,
} from './config-readers.js';
import { EnvReader, type Environment } from './env-reader.js';
import { ModuleSettings } from './module-settings.js';

/** The one typed configuration object. Nothing else in `src/` reads `process.env`. */
export interface AppConfig {
  readonly http: {
    readonly host: string;
    readonly port: number;
    /** Canonical URL of `/mcp` as clients see it (RFC 9728 `resource`). */
    readonly publicUrl: string;
    readonly allowedOrigins: readonly string[];
    readonly allowedHosts: readonly string[];
    readonly headersTimeoutMs: number;
    readonly requestTimeoutMs: number;
    readonly keepAliveTimeoutMs: number;
    readonly maxHeaderBytes: number;
  };
  readonly limits: {
    readonly maxBodyBytes: number;
    readonly maxJsonDepth: number;
    readonly maxJsonKeys: number;
    readonly pageSize: number;
    readonly toolTimeoutMs: number;
    readonly maxToolOutputBytes: number;
    readonly sessionIdleMs: number;
    readonly maxSessionsPerPrincipal: number;
    readonly maxStreamsPerSession: number;
  };
  readonly database: {
    /** `undefined` → embedded PGlite under `dataDir`. */
    readonly url: string | undefined;
    readonly migrationUrl: string | undefined;
    readonly schema: string;
    readonly dataDir: string;
    readonly poolMax: number;
    readonly connectTimeoutMs: number;
    readonly statementTimeoutMs: number;
  };
  readonly auth: {
    readonly required: boolean;
    readonly issuer: string | undefined;
    readonly audience: string;
    readonly jwksUri: string | undefined;
    readonly devIssuer: boolean;
    readonly clockSkewSeconds: number;
    readonly tenantClaim: string;
    /**
     * `MCP_DASHBOARD_CLIENT_ID`: the dashboard's public OAuth client at `issuer`; with it, the
     * dashboard offers sign-in through the issuer (authorization code + PKCE).
     */
    readonly dashboardClientId: string | undefined;
    readonly stdioSubject: string;
    readonly stdioRoles: readonly string[];
    readonly stdioScopes: readonly string[];
  };
  readonly mcp: {
    readonly serverName: string;
    readonly serverVersion: string;
    readonly conformanceFixtures: boolean;
    readonly toolApproval: 'auto' | 'required';
    /**
     * What `audit_log` keeps of tool arguments (`MCP_AUDIT_ARGUMENTS`): always their SHA-256;
     * with `redacted`, also a copy with credential-like keys replaced.
     */
    readonly auditArguments: 'digest' | 'redacted';
    /** What a tool-poisoning lint finding does at registration (docs/security.md "Limits"). */
    readonly toolLint: 'block' | 'warn';
    /**
     * HMAC key of 2026-07-28 multi-round-trip `requestState` (`MCP_STATE_SECRET`, ≥ 32 chars).
     * Unset: one is generated once and kept in the `server_secrets` table, shared by every instance.
     */
    readonly stateSecret: string | undefined;
    /** Lifetime of a signed `requestState` (`MCP_STATE_TTL_MS`). */
    readonly stateTtlMs: number;
    /** `ttlMs` caching hint on 2026-07-28 discover/list/read results (`MCP_CACHE_TTL_MS`). */
    readonly cacheTtlMs: number;
    /**
     * Folder of Agent Skills served through the SEP-2640 extension (`MCP_SKILLS_DIR`, docs/skills.md);
     * `undefined`: only the skills capability modules ship.
     */
    readonly skillsDir: string | undefined;
    /** Quiet time after the last change in the skills folder before it is re-read. */
    readonly skillsWatchDebounceMs: number;
  };
  /** Token buckets refilled per minute; `0` turns that bucket off. */
  readonly rateLimits: {
    readonly perPrincipalPerMinute: number;
    readonly perToolPerMinute: number;
    readonly globalPerMinute: number;
  };
  readonly ops: {
    readonly logLevel: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';
    /** `LOG_FORMAT`; `undefined`: pretty on a terminal, JSON otherwise (src/logging/log-output.ts). */
    readonly logFormat: 'json' | 'pretty' | undefined;
    readonly metricsPort: number | undefined;
    readonly drainDelayMs: number;
    readonly shutdownGraceMs: number;
    readonly redisUrl: string | undefined;
    /**
     * OTLP/HTTP base URL (`OTEL_EXPORTER_OTLP_ENDPOINT`; traces go to `<url>/v1/traces` per the
     * OTLP exporter spec). Unset: tracing is off and no SDK is started.
     */
    readonly otlpEndpoint: string | undefined;
    /** `service.name` of exported spans (`OTEL_SERVICE_NAME`). */
    readonly serviceName: string;
    /** `OTEL_TRACES_SAMPLER`: the SDK environment specification's sampler names. */
    readonly tracesSampler: TracesSampler;
    /** `OTEL_TRACES_SAMPLER_ARG`: the ratio of the `*traceidratio` samplers (0–1). */
    readonly tracesSamplerRatio: number;
  };
  /** The feature modules' own settings (`defineSettings`), validated with the rest. */
  readonly modules: ModuleSettings;
}

/** The samplers of the OpenTelemetry SDK environment variable specification (`OTEL_TRACES_SAMPLER`). */
export const TRACES_SAMPLERS = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;
export type TracesSampler = (typeof TRACES_SAMPLERS)[number];

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host) || host.startsWith('127.');
}

/**
 * Builds and validates the configuration, the settings of every module declared so far
 * included; throws `InvalidConfigError` listing every problem of them all.
 */
export function loadConfig(env: Environment): AppConfig {
  const read = new EnvReader(env);
  const host = read.string('HOST', '127.0.0.1');
  const port = read.integer('PORT', 3000, 0, 65535);
  const hostForUrl = host.includes(':') ? `[${host}]` : host;
  const publicUrl = stripTrailingSlash(
    read.url('MCP_PUBLIC_URL', ['http:', 'https:']) ?? `http://${hostForUrl}:${port}/mcp`,
  );

  const issuer = read.url('AUTH_ISSUER', ['http:', 'https:']);
  const jwksUri = read.url('AUTH_JWKS_URI', ['http:', 'https:']);
  const devIssuer = read.boolean('AUTH_DEV_ISSUER', false);
  const anyIssuer = issuer !== undefined || devIssuer;
  const authRequired = read.boolean('AUTH_REQUIRED') ?? (anyIssuer || !isLoopbackHost(host));
  if (authRequired && !anyIssuer) {
    read.fail(
      isLoopbackHost(host)
        ? 'AUTH_REQUIRED=true needs AUTH_ISSUER (+ AUTH_JWKS_URI) or AUTH_DEV_ISSUER=true'
        : `HOST=${host} is not a loopback address: configure AUTH_ISSUER/AUTH_JWKS_URI (or AUTH_DEV_ISSUER=true)`,
    );
  }
  if (!authRequired && !isLoopbackHost(host)) {
    read.fail(`refusing to serve without authentication on non-loopback HOST=${host}`);
  }
  if (issuer !== undefined && jwksUri === undefined) {
    read.fail('AUTH_ISSUER needs AUTH_JWKS_URI');
  }
  const dashboardClientId = read.string('MCP_DASHBOARD_CLIENT_ID');
  if (dashboardClientId !== undefined && issuer === undefined) {
    read.fail('MCP_DASHBOARD_CLIENT_ID needs AUTH_ISSUER (the issuer the dashboard signs in at)');
  }

  const defaultHosts = [host, 'localhost', '127.0.0.1', '[::1]', new URL(publicUrl).hostname];
  const config: AppConfig = {
    http: {
      host,
      port,
      publicUrl,
      allowedOrigins: read.list('MCP_ALLOWED_ORIGINS'),
      allowedHosts: read.list('MCP_ALLOWED_HOSTS').concat(defaultHosts),
      headersTimeoutMs: read.integer('MCP_HEADERS_TIMEOUT_MS', 10_000, 1000),
      requestTimeoutMs: read.integer('MCP_REQUEST_TIMEOUT_MS', 30_000, 1000),
      keepAliveTimeoutMs: read.integer('MCP_KEEP_ALIVE_TIMEOUT_MS', 5_000, 100),
      maxHeaderBytes: read.integer('MCP_MAX_HEADER_BYTES', 16_384, 1024, 1_048_576),
    },
    limits: {
      maxBodyBytes: read.integer('MCP_MAX_BODY_BYTES', 1_048_576, 1024),
      maxJsonDepth: read.integer('MCP_MAX_JSON_DEPTH', 64, 4, 1000),
      maxJsonKeys: read.integer('MCP_MAX_JSON_KEYS', 10_000, 16),
      pageSize: read.integer('MCP_PAGE_SIZE', 100, 1, 10_000),
      toolTimeoutMs: read.integer('MCP_TOOL_TIMEOUT_MS', 60_000, 100),
      maxToolOutputBytes: read.integer('MCP_MAX_TOOL_OUTPUT_BYTES', 4_194_304, 1024),
      sessionIdleMs: read.integer('MCP_SESSION_IDLE_MS', 30 * 60_000, 1000),
      maxSessionsPerPrincipal: read.integer('MCP_MAX_SESSIONS_PER_PRINCIPAL', 10_000, 1),
      maxStreamsPerSession: read.integer('MCP_MAX_STREAMS_PER_SESSION', 32, 1),
    },
    database: {
      url: read.url('DATABASE_URL', ['postgres:', 'postgresql:']),
      migrationUrl: read.url('MIGRATION_DATABASE_URL', ['postgres:', 'postgresql:']),
      schema: read.identifier('DB_SCHEMA', 'public'),
      dataDir: resolve(read.string('MCP_DATA_DIR', './data')),
      poolMax: read.integer('DB_POOL_MAX', 10, 1, 1000),
      connectTimeoutMs: read.integer('DB_CONNECT_TIMEOUT_MS', 5_000, 100),
      statementTimeoutMs: read.integer('DB_STATEMENT_TIMEOUT_MS', 10_000, 100),
    },
    auth: {
      required: authRequired,
      issuer,
      audience: read.string('AUTH_AUDIENCE', publicUrl),
      jwksUri,
      devIssuer,
      clockSkewSeconds: read.integer('AUTH_CLOCK_SKEW_SECONDS', 30, 0, 300),
      tenantClaim: read.string('AUTH_TENANT_CLAIM', 'tenant'),
      dashboardClientId,
      stdioSubject: `stdio:${safeUserName()}`,
      stdioRoles: read.list('MCP_STDIO_ROLES'),
      stdioScopes: readStdioScopes(read),
    },
    mcp: {
      serverName: read.string('MCP_SERVER_NAME', 'enterprise-mcp-server'),
      serverVersion: read.string('MCP_SERVER_VERSION', '0.1.0'),
      conformanceFixtures: read.boolean('MCP_CONFORMANCE_FIXTURES', false),
      toolApproval: read.oneOf('MCP_TOOL_APPROVAL', ['auto', 'required'] as const, 'auto'),
      auditArguments: read.oneOf('MCP_AUDIT_ARGUMENTS', ['digest', 'redacted'] as const, 'digest'),
      toolLint: read.oneOf('MCP_TOOL_LINT', ['block', 'warn'] as const, 'block'),
      stateSecret: readStateSecret(read),
      stateTtlMs: read.integer('MCP_STATE_TTL_MS', 10 * 60_000, 1000, 24 * 3_600_000),
      cacheTtlMs: read.integer('MCP_CACHE_TTL_MS', 60_000, 0, 24 * 3_600_000),
      skillsDir: readSkillsDir(read),
      skillsWatchDebounceMs: read.integer('MCP_SKILLS_WATCH_DEBOUNCE_MS', 300, 0, 60_000),
    },
    rateLimits: {
      perPrincipalPerMinute: read.integer('MCP_RATE_LIMIT_PER_PRINCIPAL', 60_000, 0),
      perToolPerMinute: read.integer('MCP_RATE_LIMIT_PER_TOOL', 120_000, 0),
      globalPerMinute: read.integer('MCP_RATE_LIMIT_GLOBAL', 600_000, 0),
    },
    ops: {
      logLevel: read.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
      logFormat: readLogFormat(read),
      metricsPort: env.METRICS_PORT ? read.integer('METRICS_PORT', 0, 1, 65535) : undefined,
      drainDelayMs: read.integer('MCP_DRAIN_DELAY_MS', 5_000, 0, 600_000),
      shutdownGraceMs: read.integer('MCP_SHUTDOWN_GRACE_MS', 20_000, 0, 600_000),
      redisUrl: read.url('REDIS_URL', ['redis:', 'rediss:']),
      otlpEndpoint: read.url('OTEL_EXPORTER_OTLP_ENDPOINT', ['http:', 'https:']),
      serviceName: read.string('OTEL_SERVICE_NAME', 'enterprise-mcp-server'),
      tracesSampler: read.oneOf('OTEL_TRACES_SAMPLER', TRACES_SAMPLERS, 'parentbased_always_on'),
      tracesSamplerRatio: read.fraction('OTEL_TRACES_SAMPLER_ARG', 1),
    },
    modules: ModuleSettings.load(env, read),
  };
  read.assertValid();
  return config;
}

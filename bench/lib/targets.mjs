import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import pg from 'pg';

import { freePort, postgresCpuSeconds, runNode, startNode } from './processes.mjs';

/** The core every server of the interleaved cells runs on (the load generator has core 1). */
const SERVER_CORE = 0;

async function isUp(url) {
  const response = await fetch(url);
  await response.arrayBuffer();
  return response.ok;
}

/**
 * This server as `npm start` runs it in production: dev-issuer JWT auth, policy, fail-closed
 * audit, metrics and info-level logs; local Postgres (a private schema, dropped afterwards)
 * when DATABASE_URL is set, else PGlite in a temporary data directory. The per-principal,
 * per-tool and global rate limits are lifted (`0` = off) so the limiter does not cap the run.
 * `embedded` forces PGlite; `prepare(env)` runs once the database is migrated, before the server
 * starts (it may write data: PGlite admits one process at a time); `env` adds variables; `core`
 * is the core it is pinned to. `schema` makes it a further instance on the private schema of
 * an instance already started (README "Performance", scaling cells): that first instance drops
 * the schema when it stops, this one leaves it.
 */
export async function startOurServer(
  root,
  { profileDir, embedded = false, prepare, env: extraEnv = {}, core = SERVER_CORE, schema } = {},
) {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'mcp-bench-'));
  const databaseUrl = embedded ? undefined : process.env.DATABASE_URL;
  const ownSchema = schema ?? `bench_${randomBytes(4).toString('hex')}`;
  const env = {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    MCP_DATA_DIR: dataDir,
    AUTH_DEV_ISSUER: 'true',
    LOG_LEVEL: 'info',
    MCP_RATE_LIMIT_PER_PRINCIPAL: '0',
    MCP_RATE_LIMIT_PER_TOOL: '0',
    MCP_RATE_LIMIT_GLOBAL: '0',
    MCP_MAX_SESSIONS_PER_PRINCIPAL: '1000000',
    MCP_DRAIN_DELAY_MS: '0',
    ...extraEnv,
    // `undefined` removes an inherited DATABASE_URL from the child's environment (PGlite then).
    ...(databaseUrl === undefined
      ? { DATABASE_URL: undefined, DB_SCHEMA: undefined }
      : { DATABASE_URL: databaseUrl, DB_SCHEMA: ownSchema }),
  };
  runNode(['dist/src/cli/migrate.js'], env, root);
  prepare?.(env);
  const token = runNode(
    ['dist/src/cli/token.js', '--sub', 'bench-agent', '--roles', 'analyst', '--ttl', '86400'],
    env,
    root,
  ).trim();
  const profile = profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`];
  const origin = `http://127.0.0.1:${port}`;
  const spawnedAt = Date.now();
  const server = await startNode({
    name: 'this server',
    args: [...profile, 'dist/src/main.js'],
    env,
    cwd: root,
    core,
    ready: () => isUp(`${origin}/health/ready`),
  });
  return {
    name: databaseUrl === undefined ? 'this server (PGlite)' : 'this server (Postgres)',
    // PGlite runs inside the server process, so its CPU is already the server's.
    databaseCpuSeconds: isLocal(databaseUrl) ? postgresCpuSeconds : undefined,
    key: 'ours',
    url: `${origin}/mcp`,
    headers: { authorization: `Bearer ${token}` },
    sessions: true,
    process: server,
    /** The Postgres schema it runs on (`undefined` on PGlite). */
    schema: databaseUrl === undefined ? undefined : ownSchema,
    /** When the process was started: a CPU profile's timeline begins here. */
    spawnedAt,
    stop: async () => {
      const exit = await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
      if (databaseUrl !== undefined && schema === undefined) {
        await dropSchema(databaseUrl, ownSchema);
      }
      return exit;
    },
  };
}

/** Postgres on this machine: its processes' CPU time can be read from /proc. */
function isLocal(databaseUrl) {
  if (databaseUrl === undefined) return false;
  return ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(databaseUrl).hostname);
}

async function dropSchema(url, schema) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** A bench server script printing nothing we need: readiness = it accepts a POST. */
async function startScript(root, { name, key, script, args = [], sessions, core = SERVER_CORE }) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/mcp`;
  const server = await startNode({
    name,
    args: [join(root, 'bench/servers', script), ...args],
    env: { PORT: String(port) },
    cwd: root,
    core,
    ready: async () => {
      const response = await fetch(url, { method: 'OPTIONS' });
      await response.arrayBuffer();
      return true;
    },
  });
  return { name, key, url, headers: {}, sessions, process: server, stop: () => server.stop() };
}

export function startRawServer(root) {
  return startScript(root, {
    name: 'raw node:http echo',
    key: 'raw',
    script: 'raw-echo.mjs',
    sessions: false,
  });
}

/** The official SDK v2 echo server; `core` pins it elsewhere than the servers' core. */
export function startSdkServer(root, mode, core = SERVER_CORE) {
  return startScript(root, {
    name: `SDK v2 ${mode}`,
    key: `sdk-${mode}`,
    script: 'sdk-v2.mjs',
    args: [mode],
    sessions: mode === 'stateful',
    core,
  });
}

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { loadConfig } from '../../src/config/app-config.js';
import { trustedIssuer } from '../../src/auth/protected-resource/protected-resource-urls.js';
import { ensureBuild } from '../support/ensure-build.js';
import { freePort } from '../support/free-port.js';
import { initializeRequest } from '../support/json-rpc-http.js';
import {
  type ProcessResult,
  runCli,
  spawnServer,
  type SpawnedServer,
} from '../support/spawn-server.js';

const MINT = ['--sub', 'alice', '--roles', 'analyst'];
/** A cold `nest build`, or migrating and booting the server, on a busy machine. */
const SLOW_HOOK_MS = 180_000;

/** The printed token's claims; the process must have succeeded with the token alone on stdout. */
function claimsOf(result: ProcessResult): ReturnType<typeof decodeJwt> {
  expect(result.code, result.stderr).toBe(0);
  expect(result.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
  return decodeJwt(result.stdout.trim());
}

/** `initialize` on `/mcp` with the token, over raw HTTP. */
function initialize(url: string, token: string): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    },
    body: JSON.stringify(initializeRequest({ client: 'token-cli-e2e' })),
  });
}

/**
 * `npm run token` (the built `dist/src/cli/token.js`) mints for the audience and issuer the
 * server computes from the same settings, because both read them through the one config loader.
 * Every process runs in a temporary directory, so no `.env` of the checkout takes part.
 */
describe('npm run token (built CLI)', () => {
  let workDir: string;
  let dataDir: string;

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'token-cli-'));
    dataDir = join(workDir, 'data');
    await ensureBuild();
  }, SLOW_HOOK_MS);
  afterAll(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  const mint = (env: Record<string, string>, cwd = workDir): Promise<ProcessResult> =>
    runCli('token', MINT, { AUTH_DEV_ISSUER: 'true', MCP_DATA_DIR: dataDir, ...env }, { cwd });

  describe('usage', () => {
    it('should print the usage on stdout and exit 0 for --help', async () => {
      const result = await runCli('token', ['--help'], {}, { cwd: workDir });
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout).toMatch(/^usage: npm run --silent token -- --sub <subject>/);
    });

    it.each([
      ['an unknown flag', ['--sub', 'alice', '--audience', 'x'], /Unknown option '--audience'/],
      ['no --sub', ['--roles', 'analyst'], /--sub is required/],
    ])('should refuse %s with the usage on stderr and exit 2', async (_name, args, message) => {
      const result = await runCli('token', args, {}, { cwd: workDir });
      expect(result).toMatchObject({ code: 2, stdout: '' });
      expect(result.stderr).toMatch(message);
      expect(result.stderr).toContain('usage: npm run --silent token');
    });
  });

  describe('audience', () => {
    it.each([
      ['PORT=3917', { PORT: '3917' }, 'http://127.0.0.1:3917/mcp', 'http://127.0.0.1:3917'],
      [
        'MCP_PUBLIC_URL',
        { PORT: '3917', MCP_PUBLIC_URL: 'https://mcp.example.test/team-a/mcp' },
        'https://mcp.example.test/team-a/mcp',
        'https://mcp.example.test',
      ],
    ])('should mint with %s for what the server computes', async (_name, env, aud, iss) => {
      const claims = claimsOf(await mint(env));
      const server = loadConfig({ AUTH_DEV_ISSUER: 'true', ...env });
      expect(claims).toMatchObject({ aud: server.auth.audience, iss: trustedIssuer(server) });
      expect(claims).toMatchObject({ aud, iss, sub: 'alice', roles: ['analyst'] });
    });
  });

  /**
   * One real server on a port chosen here, started in a directory with a `.env` naming another
   * spelling of its own URL: whichever of the two the server ends up with, the CLI run with the
   * same environment in the same directory must agree with it.
   */
  describe('against a running server', () => {
    let serverDir: string;
    let env: Record<string, string>;
    let server: SpawnedServer | undefined;
    let mcpUrl: string;
    let metadata: { resource: string; authorization_servers: string[] };

    beforeAll(async () => {
      serverDir = join(workDir, 'server');
      await mkdir(serverDir);
      const port = String(await freePort());
      await writeFile(join(serverDir, '.env'), `MCP_PUBLIC_URL=http://localhost:${port}/mcp\n`);
      env = { AUTH_DEV_ISSUER: 'true', MCP_DATA_DIR: join(serverDir, 'data'), PORT: port };
      server = await spawnServer(env, { cwd: serverDir });
      mcpUrl = server.url;
      const response = await fetch(`${server.origin}/.well-known/oauth-protected-resource/mcp`);
      metadata = (await response.json()) as typeof metadata;
    }, SLOW_HOOK_MS);
    afterAll(async () => {
      await server?.stop();
    });

    it('should mint, in the same directory, for the resource and issuer the server announces', async () => {
      const claims = claimsOf(await runCli('token', MINT, env, { cwd: serverDir }));
      expect(claims.aud).toBe(metadata.resource);
      expect([claims.iss]).toEqual(metadata.authorization_servers);
    });

    it('should open a session with a token minted with the server’s settings', async () => {
      const result = await runCli('token', MINT, env, { cwd: serverDir });
      const response = await initialize(mcpUrl, result.stdout.trim());
      expect(response.status, await response.clone().text()).toBe(200);
      expect(response.headers.get('mcp-session-id')).toBeTruthy();
    });

    it('should refuse a token minted for another PORT with 401 naming the audience it expects', async () => {
      const result = await runCli('token', MINT, { ...env, PORT: '3917' }, { cwd: workDir });
      expect(claimsOf(result).aud).toBe('http://127.0.0.1:3917/mcp');
      const response = await initialize(mcpUrl, result.stdout.trim());
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toContain(
        `error="invalid_token", error_description="wrong audience (aud), expected ${metadata.resource}"`,
      );
    });
  });
});

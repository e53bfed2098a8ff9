import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { loadConfig } from '../../src/config/app-config.js';
import { eventually } from '../support/admin-http.js';
import { freePort } from '../support/free-port.js';
import { initializeRequest } from '../support/json-rpc-http.js';
import { copyProject, type ProjectCopy } from '../support/project-copy.js';

const JWT = /^[\w-]+\.([\w-]+)\.[\w-]+$/;
const TOKEN_ARGS = ['run', '--silent', 'token', '--', '--sub', 'alice', '--roles', 'analyst'];
/** Booting includes migrating a new embedded database, slow on a busy machine. */
const BOOT_MS = 150_000;

interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The npm scripts as a developer runs them, in a copy of the project (its own `dist/`). */
describe('dev loop: npm scripts and start:dev', () => {
  let project: ProjectCopy;
  let devServer: ChildProcess | undefined;

  beforeAll(() => {
    project = copyProject();
  });

  // A failed test must not leave a server behind: the runner stops it (its own process group).
  afterEach(async () => {
    if (devServer === undefined || devServer.exitCode !== null || devServer.signalCode !== null) {
      return;
    }
    process.kill(-devServer.pid!, 'SIGTERM');
    await once(devServer, 'close');
  });

  afterAll(() => project?.remove());

  const environment = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    HOST: '127.0.0.1',
    MCP_DATA_DIR: join(project.root, 'data'),
    ...extra,
  });

  function runNpm(args: string[], stdin = ''): Promise<Finished> {
    const child = spawn('npm', args, { cwd: project.root, env: environment() });
    const output = { stdout: '', stderr: '' };
    child.stdout.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
    child.stdin.end(stdin);
    return once(child, 'close').then(([code]) => ({ code: code as number | null, ...output }));
  }

  function touch(source: string): void {
    const later = new Date(Date.now() + 5_000);
    utimesSync(join(project.root, source), later, later);
  }

  it(
    'should print only the token on stdout of `npm run --silent token`, building when stale',
    async () => {
      const stale = await runNpm(TOKEN_ARGS);
      const current = await runNpm(TOKEN_ARGS);

      for (const run of [stale, current]) {
        expect(run.code, run.stderr).toBe(0);
        const [, payload] = JWT.exec(run.stdout.trimEnd()) ?? [];
        expect(JSON.parse(Buffer.from(payload!, 'base64url').toString())).toMatchObject({
          sub: 'alice',
          roles: ['analyst'],
        });
        expect(run.stdout.endsWith('\n') && !run.stdout.trimEnd().includes('\n')).toBe(true);
      }
      expect(stale.stderr).toMatch(/^build: compiling \d+ files…$/m);
      expect(current.stderr).toMatch(/^build: dist is current \(\d+ ms\)$/m);
    },
    BOOT_MS,
  );

  it(
    'should keep the stdout of `npm run --silent stdio` JSON-RPC only while building and migrating',
    async () => {
      touch('src/main.ts');
      const call = { jsonrpc: '2.0', id: 2, method: 'tools/call' };
      const run = await runNpm(
        ['run', '--silent', 'stdio'],
        [
          initializeRequest({ id: 1 }),
          { jsonrpc: '2.0', method: 'notifications/initialized' },
          { ...call, params: { name: 'echo', arguments: { message: 'hi' } } },
        ]
          .map((message) => `${JSON.stringify(message)}\n`)
          .join(''),
      );

      expect(run.code, run.stderr).toBe(0);
      const messages = run.stdout
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as { jsonrpc: string; id: number });
      expect(messages.map(({ jsonrpc, id }) => ({ jsonrpc, id }))).toEqual([
        { jsonrpc: '2.0', id: 1 },
        { jsonrpc: '2.0', id: 2 },
      ]);
      expect(run.stderr).toContain('build: compiling 1 changed file(s)…');
      expect(run.stderr).toMatch(/^migrate: .* pending/m);
    },
    BOOT_MS,
  );

  it(
    'should serve with pretty logs, restart on an edit, and stop on Ctrl-C without the drain delay',
    async () => {
      const origin = `http://127.0.0.1:${await freePort()}`;
      const isUp = (path: string) => () =>
        fetch(`${origin}${path}`).then(
          (response) => response.ok,
          () => false,
        );
      // Its own process group, as a terminal runs a command: Ctrl-C signals the whole group.
      const child = spawn('npm', ['run', 'start:dev'], {
        cwd: project.root,
        env: environment({ PORT: new URL(origin).port }),
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      devServer = child;
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const closed = once(child, 'close');

      await eventually(isUp('/health/live'), BOOT_MS);
      // The pretty "time LEVEL message" shape (no colours into a pipe), not a JSON line.
      await eventually(() => /^\d\d:\d\d:\d\d\.\d{3} INFO +ready$/m.test(output), 5_000);

      const controller = join(project.root, 'src/health/health.controller.ts');
      const source = readFileSync(controller, 'utf8');
      writeFileSync(controller, source.replace("@Get('live')", "@Get('live-edited')"));
      await eventually(isUp('/health/live-edited'), BOOT_MS);
      expect(output).toContain('start:dev: restarting (1 file(s) changed)');

      const interruptedAt = performance.now();
      process.kill(-child.pid!, 'SIGINT');
      await closed;
      const stopMs = performance.now() - interruptedAt;

      expect(stopMs).toBeLessThan(loadConfig({}).ops.drainDelayMs);
      expect(output).toContain('SIGINT received: readiness is 503, serving for 0 ms');
      expect(output).toContain('shutdown complete');
    },
    2 * BOOT_MS,
  );
});

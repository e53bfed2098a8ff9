import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ensureBuild } from '../support/ensure-build.js';
import { freePort } from '../support/free-port.js';
import { runCli, runMigrate, spawnServer } from '../support/spawn-server.js';

/** A cold build, or migrating and booting the server, on a busy machine. */
const SLOW_HOOK_MS = 180_000;
const SLOW_TEST_MS = 120_000;
const SUMMARY = /^imported \d+ documents \(\d+ sections\), \d+ unchanged, \d+ removed\n$/;

/**
 * `npm run kb:import` (the built `dist/src/cli/kb-import.js`): one summary line on stdout, a
 * refusal naming a bad path that imports nothing, and, while a server holds the embedded
 * database, the import through that server instead of a second writer.
 */
describe('npm run kb:import (built CLI)', () => {
  let workDir: string;
  let env: Record<string, string>;

  const write = async (path: string, text: string): Promise<void> => {
    await mkdir(join(workDir, path, '..'), { recursive: true });
    await writeFile(join(workDir, path), text);
  };
  const kbImport = (...args: string[]) => runCli('kb-import', args, env, { cwd: workDir });

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'kb-import-cli-'));
    env = { MCP_DATA_DIR: join(workDir, 'data') };
    await ensureBuild();
    await write('docs/handbook/leave.md', '# Leave\n\nIntro.\n\n## Who\nEveryone.\n');
    await write('docs/notes.txt', 'no headings at all');
    await write('docs/.hidden.md', '# Hidden\n');
    await write('docs/node_modules/dep/README.md', '# Dependency\n');
    await write('docs/image.png', 'not a document');
    const migrated = await runMigrate(env, { cwd: workDir });
    expect(migrated.code, migrated.stderr).toBe(0);
  }, SLOW_HOOK_MS);

  afterAll(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  it('should print the usage for --help and refuse no path with exit 2', async () => {
    expect(await kbImport('--help')).toMatchObject({ code: 0, stderr: '' });
    const none = await kbImport();
    expect(none).toMatchObject({ code: 2, stdout: '' });
    expect(none.stderr).toContain('usage: npm run kb:import -- PATH...');
  });

  it(
    'should load the seed corpus with kb:seed, then find it unchanged',
    async () => {
      const seedEnv = { MCP_DATA_DIR: join(workDir, 'seeded') };
      expect((await runMigrate(seedEnv, { cwd: workDir })).code).toBe(0);
      const seed = () => runCli('kb-seed', [], seedEnv, { cwd: workDir });
      const first = await seed();
      expect(first.code, first.stderr).toBe(0);
      expect(first.stdout).toMatch(
        /^imported 65 documents \(\d+ sections\), 0 unchanged, 0 removed\n$/,
      );
      expect((await seed()).stdout).toBe(
        'imported 0 documents (0 sections), 65 unchanged, 0 removed\n',
      );
    },
    SLOW_TEST_MS,
  );

  it('should refuse --prune without a folder, which would delete every document', async () => {
    const refused = await kbImport('--prune', '--records', 'records.json');
    expect(refused).toMatchObject({ code: 2, stdout: '' });
    expect(refused.stderr).toContain('--prune needs a file or folder');
  });

  it.runIf(process.env.TEST_DATABASE_URL)(
    'should import straight into Postgres with DATABASE_URL',
    async () => {
      const postgres = {
        DATABASE_URL: process.env.TEST_DATABASE_URL as string,
        DB_SCHEMA: `t_kb_cli_${process.pid}`,
      };
      expect((await runMigrate(postgres, { cwd: workDir })).code).toBe(0);
      await write('pg-docs/one.md', '# One\n\nIntro.\n');
      const result = await runCli('kb-import', ['pg-docs/'], postgres, { cwd: workDir });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toBe('imported 1 documents (1 sections), 0 unchanged, 0 removed\n');
      const pool = new pg.Pool({ connectionString: postgres.DATABASE_URL });
      try {
        await pool.query(`DROP SCHEMA "${postgres.DB_SCHEMA}" CASCADE`);
      } finally {
        await pool.end();
      }
    },
    SLOW_TEST_MS,
  );

  it(
    'should import a folder, end with exactly one summary line, then find it unchanged',
    async () => {
      const first = await kbImport('docs/');
      expect(first.code, first.stderr).toBe(0);
      expect(first.stdout).toBe('imported 2 documents (3 sections), 0 unchanged, 0 removed\n');
      const again = await kbImport('docs/');
      expect(again.stdout).toBe('imported 0 documents (0 sections), 2 unchanged, 0 removed\n');
    },
    SLOW_TEST_MS,
  );

  it(
    'should prune what the folder no longer holds, and take records',
    async () => {
      await rm(join(workDir, 'docs/notes.txt'));
      await write('records.json', JSON.stringify([{ id: 'T-1', type: 'ticket', fields: {} }]));
      const pruned = await kbImport('docs/', '--prune', '--records', 'records.json');
      expect(pruned.code, pruned.stderr).toBe(0);
      expect(pruned.stdout).toBe('imported 0 documents (0 sections), 1 unchanged, 1 removed\n');
    },
    SLOW_TEST_MS,
  );

  it(
    'should exit non-zero naming a missing path, and import nothing',
    async () => {
      await write('more/new.md', '# New\n');
      const refused = await kbImport('more/', 'missing/');
      expect(refused.code).toBe(1);
      expect(refused.stdout).toBe('');
      expect(refused.stderr).toContain('missing/: no such file or directory');
      const later = await kbImport('more/');
      expect(later.stdout).toBe('imported 1 documents (1 sections), 0 unchanged, 0 removed\n');
    },
    SLOW_TEST_MS,
  );

  it(
    'should import through the running server that holds the embedded database',
    async () => {
      const port = String(await freePort());
      const serverEnv = {
        ...env,
        MCP_DATA_DIR: join(workDir, 'served'),
        PORT: port,
        AUTH_DEV_ISSUER: 'true',
        KB_SEED_ON_START: 'true',
      };
      await write('served-docs/faq.md', '# FAQ\n\nIntro.\n\n## Billing\nMonthly.\n');
      const server = await spawnServer(serverEnv, { cwd: workDir });
      try {
        // The server's setting decides: the CLI needs no AUTH_DEV_ISSUER of its own.
        const cliEnv = { ...serverEnv, AUTH_DEV_ISSUER: 'false' };
        const result = await runCli('kb-import', ['served-docs/'], cliEnv, { cwd: workDir });
        expect(result.code, result.stderr).toBe(0);
        expect(result.stdout).toMatch(SUMMARY);
        // The seed loaded at start has no `faq.md`: this import wrote it, through the API.
        expect(result.stdout).toBe('imported 1 documents (2 sections), 0 unchanged, 0 removed\n');

        const token = await runCli('token', ['--sub', 'root', '--roles', 'admin'], serverEnv, {
          cwd: workDir,
        });
        const audit = await fetch(`${server.origin}/admin/api/audit?limit=50`, {
          headers: { authorization: `Bearer ${token.stdout.trim()}` },
        });
        const { records } = (await audit.json()) as { records: Record<string, unknown>[] };
        expect(records.filter((record) => record.action === 'kb.import')).toEqual([
          expect.objectContaining({
            action: 'kb.import',
            event: 'admin.change',
            subject: `cli:${userInfo().username}`,
            transport: 'admin-api',
            target: 'served-docs/',
          }),
          expect.objectContaining({ action: 'kb.import', event: 'registry.change' }),
        ]);
      } finally {
        await server.stop();
      }
    },
    SLOW_TEST_MS,
  );

  it(
    'should say how to import when the server holding the embedded database has no dev issuer',
    async () => {
      const serverEnv = {
        ...env,
        MCP_DATA_DIR: join(workDir, 'locked'),
        PORT: String(await freePort()),
      };
      await write('locked-docs/a.md', '# A\n');
      const server = await spawnServer(serverEnv, { cwd: workDir });
      try {
        const result = await runCli('kb-import', ['locked-docs/'], serverEnv, { cwd: workDir });
        expect(result.code).toBe(1);
        expect(result.stdout).toBe('');
        expect(result.stderr).toContain('start it with AUTH_DEV_ISSUER=true');
      } finally {
        await server.stop();
      }
    },
    SLOW_TEST_MS,
  );
});

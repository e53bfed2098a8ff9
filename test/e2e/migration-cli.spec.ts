import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { DataSource, type MigrationInterface } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { MIGRATIONS } from '../../migrations/index.js';
import { loadConfig } from '../../src/config/app-config.js';
import { startDatabaseServer } from '../../src/persistence/database-server.js';
import { revertLastMigration, runMigrations } from '../../src/persistence/run-migrations.js';
import { buildDataSourceOptions } from '../../src/persistence/typeorm-options.js';
import { createTestDatabase, describeEachDatabase } from '../support/database.js';
import { ensureBuild } from '../support/ensure-build.js';
import { runCli, runMigrate } from '../support/spawn-server.js';

/** Building dist/ once, cold, on a busy machine. */
const BUILD_MS = 180_000;
const LAST = MIGRATIONS.at(-1)?.name ?? '';

beforeAll(ensureBuild, BUILD_MS);

describeEachDatabase('npm run migration:revert', (tier) => {
  it('should revert the last migration, which npm run migrate applies again', async () => {
    const db = await createTestDatabase(tier, { open: false });
    try {
      const reverted = await runCli('migration-revert', [], db.env);
      expect(reverted, reverted.stderr).toMatchObject({ code: 0 });
      expect(reverted.stdout).toMatch(new RegExp(`^migration:revert: reverted ${LAST} in `));

      const migrated = await runMigrate(db.env);
      expect(migrated, migrated.stderr).toMatchObject({ code: 0 });
      expect(migrated.stdout).toContain(`applied 1 pending migration(s)`);
      expect(migrated.stdout).toContain(`  ${LAST}\n`);
    } finally {
      await db.cleanup();
    }
  });
});

describe('npm run migration:revert on a database never migrated', () => {
  it('should say there is nothing to revert', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mcp-revert-'));
    try {
      const result = await runCli('migration-revert', [], { MCP_DATA_DIR: dataDir });
      expect(result, result.stderr).toMatchObject({ code: 0 });
      expect(result.stdout).toMatch(/^migration:revert: no migration is applied to /);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('npm run migration:create', () => {
  let project: string;
  const migrationsDir = () => join(project, 'migrations');

  beforeAll(() => {
    // The CLI writes to ./migrations of its working directory: a copy, never this checkout's.
    project = mkdtempSync(join(tmpdir(), 'mcp-migration-create-'));
    cpSync(resolve(import.meta.dirname, '../../migrations'), migrationsDir(), { recursive: true });
  });

  afterAll(() => {
    rmSync(project, { recursive: true, force: true });
  });

  it('should refuse a name that is not PascalCase and change nothing', async () => {
    const before = snapshot(migrationsDir());
    const result = await runCli('migration-create', ['add_probe'], {}, { cwd: project });
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toMatch(/^migration:create failed: .*PascalCase/);
    expect(snapshot(migrationsDir())).toEqual(before);
  });

  it('should write an empty migration, listed last, that migrate applies and revert undoes', async () => {
    const result = await runCli('migration-create', ['AddProbe'], {}, { cwd: project });
    expect(result, result.stderr).toMatchObject({ code: 0 });
    const [, fileName] = /wrote migrations\/(\d+-AddProbe\.ts) /.exec(result.stdout) ?? [];
    expect(readdirSync(migrationsDir())).toContain(fileName);

    const { MIGRATIONS: listed } = (await import(join(migrationsDir(), 'index.ts'))) as {
      MIGRATIONS: (new () => MigrationInterface)[];
    };
    const names = (migrations: readonly { name: string }[]) => migrations.map(({ name }) => name);
    expect(names(listed.slice(0, -1))).toEqual(names(MIGRATIONS));
    const probe = listed.at(-1)?.name;
    expect(probe).toMatch(/^AddProbe\d+$/);

    const dataDir = mkdtempSync(join(tmpdir(), 'mcp-migration-create-db-'));
    const config = loadConfig({ MCP_DATA_DIR: dataDir }).database;
    const server = await startDatabaseServer(config);
    const dataSource = new DataSource({
      ...buildDataSourceOptions(config, server.connection, { forMigrations: true }),
      migrations: listed,
    });
    try {
      await dataSource.initialize();
      expect((await runMigrations(dataSource)).at(-1)).toBe(probe);
      expect(await revertLastMigration(dataSource)).toBe(probe);
    } finally {
      if (dataSource.isInitialized) await dataSource.destroy();
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

/** Every file of `dir` with its content. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), 'utf8')]),
  );
}

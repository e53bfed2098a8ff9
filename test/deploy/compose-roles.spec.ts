import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { PostgresAuditLog } from '../../src/audit/postgres-audit-log.js';
import { loadConfig } from '../../src/config/app-config.js';
import type { DatabaseCloser } from '../../src/persistence/database-closer.service.js';
import { openDatabase, type OpenDatabase } from '../../src/persistence/open-database.js';
import { pgPoolOf } from '../../src/persistence/pg-pool.js';
import { runMigrations } from '../../src/persistence/run-migrations.js';
import { echoCallStarted } from '../support/audit-entries.js';

const closer = { beforeClose: () => undefined } as unknown as DatabaseCloser;
const INIT_SQL = readFileSync(
  resolve(import.meta.dirname, '../../deploy/postgres/init-roles.sql'),
  'utf8',
);

/**
 * deploy/postgres/init-roles.sql, as docker-compose.yml runs it, on a real Postgres: in a
 * scratch database, with the roles renamed so that runs never meet (roles are cluster-wide).
 * Then the migrations as the owner, the server as the app role: the append-only grants of
 * docs/security.md "Database roles" hold without any superuser in the way.
 */
describe.runIf(process.env.TEST_DATABASE_URL)('compose database roles', () => {
  const superuserUrl = process.env.TEST_DATABASE_URL as string;
  const suffix = randomBytes(4).toString('hex');
  const database = `mcp_compose_${suffix}`;
  const owner = `mcp_owner_${suffix}`;
  const appRole = `mcp_app_${suffix}`;
  let superuser: pg.Client;
  let migrations: OpenDatabase;
  let app: OpenDatabase;

  const urlAs = (role: string) => {
    const url = new URL(superuserUrl);
    url.username = role;
    url.pathname = `/${database}`;
    return url.toString();
  };
  const config = () =>
    loadConfig({ DATABASE_URL: urlAs(appRole), MIGRATION_DATABASE_URL: urlAs(owner) });
  const errorCodeOf = (sql: string) =>
    pgPoolOf(app.dataSource)
      .query(sql)
      .then(
        () => 'allowed',
        (error: { code: string }) => error.code,
      );

  beforeAll(async () => {
    superuser = new pg.Client({ connectionString: superuserUrl });
    await superuser.connect();
    await superuser.query(`CREATE DATABASE ${database}`);
    const inScratch = new pg.Client({ connectionString: urlAs(new URL(superuserUrl).username) });
    await inScratch.connect();
    try {
      await inScratch.query(INIT_SQL.replaceAll('mcp_owner', owner).replaceAll('mcp_app', appRole));
    } finally {
      await inScratch.end();
    }
    migrations = await openDatabase(config().database, { forMigrations: true });
    await runMigrations(migrations.dataSource);
    app = await openDatabase(config().database);
  });

  afterAll(async () => {
    await app?.close();
    await migrations?.close();
    await superuser.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await superuser.query(`DROP ROLE IF EXISTS ${appRole}`);
    await superuser.query(`DROP ROLE IF EXISTS ${owner}`);
    await superuser.end();
  });

  it('should have created the tables as the owner role, neither role a superuser', async () => {
    const { rows: owned } = await pgPoolOf(app.dataSource).query<{ owner: string }>(
      `SELECT tableowner AS owner FROM pg_tables WHERE tablename = 'audit_log'`,
    );
    expect(owned).toEqual([{ owner }]);
    const { rows: roles } = await superuser.query<{ rolsuper: boolean }>(
      'SELECT rolsuper FROM pg_roles WHERE rolname IN ($1, $2)',
      [appRole, owner],
    );
    expect(roles).toEqual([{ rolsuper: false }, { rolsuper: false }]);
  });

  it('should let the app role append audit rows through the audit log and read them', async () => {
    const audit = new PostgresAuditLog(app.dataSource, closer, config());
    await audit.recordStarted(echoCallStarted());
    const { rows } = await pgPoolOf(app.dataSource).query<{ subject: string }>(
      'SELECT subject FROM audit_log',
    );
    expect(rows).toEqual([{ subject: 'alice' }]);
  });

  it('should refuse the app role UPDATE, DELETE and TRUNCATE of audit_log, by privilege', async () => {
    expect(await errorCodeOf(`UPDATE audit_log SET subject = 'mallory'`)).toBe('42501');
    expect(await errorCodeOf('DELETE FROM audit_log')).toBe('42501');
    expect(await errorCodeOf('TRUNCATE audit_log')).toBe('42501');
    const { rows } = await pgPoolOf(app.dataSource).query<{ n: number }>(
      'SELECT count(*)::int AS n FROM audit_log',
    );
    expect(rows).toEqual([{ n: 1 }]);
  });

  it('should refuse the app role any DDL: it cannot create, drop or alter tables', async () => {
    expect(await errorCodeOf('CREATE TABLE scratch (id int)')).toBe('42501');
    expect(await errorCodeOf('DROP TABLE audit_log')).toBe('42501');
    expect(await errorCodeOf('ALTER TABLE audit_log DISABLE TRIGGER ALL')).toBe('42501');
  });

  it('should let the app role change the feature tables it serves', async () => {
    expect(await errorCodeOf(`INSERT INTO tool_policies (name) VALUES ('echo')`)).toBe('allowed');
    expect(await errorCodeOf('UPDATE tool_policies SET enabled = false')).toBe('allowed');
    expect(await errorCodeOf('DELETE FROM tool_policies')).toBe('allowed');
  });
});

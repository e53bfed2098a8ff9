import { randomBytes } from 'node:crypto';

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

/**
 * With MIGRATION_DATABASE_URL (owner) distinct from DATABASE_URL (app role), the migrations
 * grant the app INSERT and SELECT on audit_log only, and the triggers refuse changes even to
 * the owner (docs/architecture.md "The audit contract").
 */
describe.runIf(process.env.TEST_DATABASE_URL)('audit_log privileges of the app role', () => {
  const ownerUrl = process.env.TEST_DATABASE_URL as string;
  const suffix = randomBytes(5).toString('hex');
  const role = `mcp_app_${suffix}`;
  const schema = `t_grants_${suffix}`;
  let superuser: pg.Client;
  let owner: OpenDatabase;
  let app: OpenDatabase;

  const config = () => {
    const appUrl = new URL(ownerUrl);
    appUrl.username = role;
    return loadConfig({
      DATABASE_URL: appUrl.toString(),
      MIGRATION_DATABASE_URL: ownerUrl,
      DB_SCHEMA: schema,
    });
  };
  const refusal = (sql: string) =>
    pgPoolOf(app.dataSource)
      .query(sql)
      .then(
        () => undefined,
        (error: { code: string }) => error.code,
      );

  beforeAll(async () => {
    superuser = new pg.Client({ connectionString: ownerUrl });
    await superuser.connect();
    await superuser.query(`CREATE ROLE "${role}" LOGIN`);
    owner = await openDatabase(config().database, { forMigrations: true });
    await runMigrations(owner.dataSource);
    app = await openDatabase(config().database);
  });

  afterAll(async () => {
    await app?.close();
    await owner?.close();
    await superuser.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await superuser.query(`DROP OWNED BY "${role}"`);
    await superuser.query(`DROP ROLE IF EXISTS "${role}"`);
    await superuser.end();
  });

  it('should let the app role append and read audit rows', async () => {
    const audit = new PostgresAuditLog(app.dataSource, closer, config());
    await audit.recordStarted(echoCallStarted());
    const { rows } = await pgPoolOf(app.dataSource).query('SELECT row_hash FROM audit_log');
    expect(rows).toHaveLength(1);
  });

  it('should refuse UPDATE, DELETE and TRUNCATE of audit_log to the app role by privilege', async () => {
    expect(await refusal(`UPDATE audit_log SET subject = 'mallory'`)).toBe('42501');
    expect(await refusal('DELETE FROM audit_log')).toBe('42501');
    expect(await refusal('TRUNCATE audit_log')).toBe('42501');
    const { rows } = await pgPoolOf(app.dataSource).query<{ subject: string }>(
      'SELECT subject FROM audit_log',
    );
    expect(rows).toEqual([{ subject: 'alice' }]);
  });

  it('should let the app role add monthly partitions but change none of them', async () => {
    const pool = pgPoolOf(app.dataSource);
    const { rows } = await pool.query<{ created: number }>(
      `SELECT audit_log_add_partitions('2031-01-01', 2) AS created`,
    );
    expect(rows).toEqual([{ created: 2 }]);
    const current = await pool.query<{ partition: string }>(
      'SELECT tableoid::regclass::text AS partition FROM audit_log',
    );
    const partitions = [...current.rows.map((row) => row.partition), 'audit_log_p203101'];
    for (const partition of [...partitions, 'audit_log_default']) {
      expect(await refusal(`UPDATE ${partition} SET subject = 'mallory'`), partition).toBe('42501');
      expect(await refusal(`DELETE FROM ${partition}`), partition).toBe('42501');
      expect(await refusal(`TRUNCATE ${partition}`), partition).toBe('42501');
      expect(await refusal(`DROP TABLE ${partition}`), partition).toBe('42501');
    }
    await expect(pgPoolOf(owner.dataSource).query('TRUNCATE audit_log_p203101')).rejects.toThrow(
      /append-only/,
    );
  });

  it('should let the app role read archive checkpoints but not write them', async () => {
    const pool = pgPoolOf(app.dataSource);
    expect((await pool.query('SELECT * FROM audit_checkpoints')).rows).toEqual([]);
    expect(
      await refusal(`INSERT INTO audit_checkpoints (partition, first_id, last_id, row_count,
        last_hash, file_sha256, public_key, signature) VALUES ('p', 1, 1, 1, 'h', 's', 'k', 's')`),
    ).toBe('42501');
    expect(await refusal('DELETE FROM audit_checkpoints')).toBe('42501');
  });

  it('should let the app role manage tool policies', async () => {
    await pgPoolOf(app.dataSource).query(`INSERT INTO tool_policies (name) VALUES ('echo')`);
    await pgPoolOf(app.dataSource).query(`UPDATE tool_policies SET enabled = false`);
    await pgPoolOf(app.dataSource).query(`DELETE FROM tool_policies`);
  });

  it('should refuse changes to the owner too, by trigger', async () => {
    const changed = pgPoolOf(owner.dataSource).query(`UPDATE audit_log SET subject = 'mallory'`);
    await expect(changed).rejects.toThrow(/append-only/);
    await expect(pgPoolOf(owner.dataSource).query('TRUNCATE audit_log')).rejects.toThrow(
      /append-only/,
    );
  });
});

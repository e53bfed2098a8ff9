import { Injectable, Logger } from '@nestjs/common';
import { type HealthCheckAttempt, HealthIndicatorService } from '@nestjs/terminus';
import { DataSource, type MigrationInterface } from 'typeorm';

import { isMissingTableError } from '../../persistence/pg-errors.js';
import { DB_PING_TIMEOUT_MS, READINESS_CACHE_MS } from '../health.constants.js';

/**
 * Readiness requires every migration this build knows (`DataSource.migrations`) to be
 * recorded in the migrations table: the app never migrates on boot (`npm run migrate` /
 * the compose `migrate` job does), so a pod started against an unmigrated database stays
 * unready instead of failing requests.
 *
 * Read-only on purpose: TypeORM's `showMigrations()` creates the migrations table when it is
 * missing, which the app role must not do. Once everything is applied the answer is kept for
 * the life of the process (migrations are never reverted under a running pod; a newer
 * release adding migrations does not make this build's set pending).
 */
@Injectable()
export class MigrationsIndicator {
  private readonly logger = new Logger(MigrationsIndicator.name);
  private applied = false;

  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly dataSource: DataSource,
  ) {}

  check(): HealthCheckAttempt<'migrations'> {
    return this.indicators
      .check('migrations')
      .attempt(() => this.verify())
      .withTimeout(DB_PING_TIMEOUT_MS)
      .cacheFor(READINESS_CACHE_MS);
  }

  private async verify(): Promise<{ pending: number }> {
    if (this.applied) return { pending: 0 };
    const expected = this.dataSource.migrations.map(migrationName);
    const recorded = await this.recordedNames();
    const pending = expected.filter((name) => !recorded.has(name)).length;
    if (pending > 0) throw new Error(`${pending} pending migration(s)`);
    this.applied = true;
    return { pending };
  }

  private async recordedNames(): Promise<Set<string>> {
    if (!this.dataSource.isInitialized) throw new Error('database not connected');
    try {
      const rows: unknown = await this.dataSource.query(`SELECT name FROM ${this.table()}`);
      return new Set((rows as { name: string }[]).map((row) => row.name));
    } catch (error) {
      // The migrations table does not exist yet: nothing is applied.
      if (isMissingTableError(error)) return new Set();
      this.logger.warn(`migrations check failed: ${(error as Error).message}`);
      throw new Error('migrations table unreadable', { cause: error });
    }
  }

  private table(): string {
    const driver = this.dataSource.driver;
    const table = driver.escape(this.dataSource.options.migrationsTableName ?? 'migrations');
    const schema = (driver.options as { schema?: string }).schema;
    return schema === undefined ? table : `${driver.escape(schema)}.${table}`;
  }
}

/** TypeORM names a migration by its `name` property or, failing that, its class name. */
function migrationName(migration: MigrationInterface): string {
  return migration.name ?? migration.constructor.name;
}

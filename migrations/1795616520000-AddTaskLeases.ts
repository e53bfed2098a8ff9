import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Task leases: the instance running a task renews `lease_expires_at` while it runs, and any
 * instance fails an open task whose lease ran out, because the instance that ran it is gone
 * (crash, OOM kill, lost node). Before, such a task read `working` until its TTL. Tasks created
 * before this migration have no lease and keep the old behaviour, so the older instances of a
 * rolling deploy, which do not renew leases, never see their live tasks failed by newer ones.
 * The partial index serves the sweep, which only looks at open tasks.
 */
export class AddTaskLeases1795616520000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE tasks ADD COLUMN lease_expires_at timestamptz NULL`);
    await queryRunner.query(`
      CREATE INDEX "IDX_tasks_open_lease" ON tasks (lease_expires_at)
      WHERE status IN ('working', 'input_required')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_tasks_open_lease"`);
    await queryRunner.query(`ALTER TABLE tasks DROP COLUMN lease_expires_at`);
  }
}

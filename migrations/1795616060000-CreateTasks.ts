import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Durable tasks of the `io.modelcontextprotocol/tasks` extension (SEP-2663): a task survives a
 * restart and can be polled from any instance. `subject` binds it to the principal that created
 * it (another subject gets the unknown-task answer). `input_requests` holds the questions still
 * open while `input_required`; `input_responses` the answers `tasks/update` delivered, read by
 * whichever instance runs the tool. A task is gone once `created_at + ttl_ms` has passed.
 */
export class CreateTasks1795616060000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE tasks (
        id text NOT NULL,
        subject text NOT NULL,
        tool text NOT NULL,
        status text NOT NULL,
        status_message text NULL,
        request jsonb NOT NULL,
        result jsonb NULL,
        error jsonb NULL,
        input_requests jsonb NULL,
        input_responses jsonb NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        ttl_ms integer NULL,
        poll_interval_ms integer NULL,
        CONSTRAINT "PK_tasks" PRIMARY KEY (id),
        CONSTRAINT "CHK_tasks_status" CHECK (status IN
          ('working', 'input_required', 'completed', 'failed', 'cancelled'))
      )`);
    await queryRunner.query(`CREATE INDEX "IDX_tasks_created_at" ON tasks (created_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE tasks`);
  }
}

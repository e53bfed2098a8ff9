import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Operators' policy per tool (`tool_policies`) and the approval state of every recorded
 * definition (`tool_versions.status`), against a "rug pull": a changed definition of a
 * tool whose policy requires approval stays `pending` until an admin approves it.
 *
 * `revision` is the optimistic-concurrency token of the admin API (a stale one answers 409).
 * NULL lists mean "no restriction"; `approval_required` NULL follows `MCP_TOOL_APPROVAL`.
 * Rows exist only for tools an operator touched: a missing row is the all-default policy.
 */
export class CreateToolPolicies1795615700000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE tool_policies (
        name text NOT NULL,
        enabled boolean NOT NULL DEFAULT true,
        roles text[] NULL,
        allowed_clients text[] NULL,
        allowed_tenants text[] NULL,
        rate_limit_per_minute integer NULL,
        timeout_ms integer NULL,
        approval_required boolean NULL,
        pinned_version text NULL,
        revision integer NOT NULL DEFAULT 1,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text NULL,
        CONSTRAINT "PK_tool_policies" PRIMARY KEY (name),
        CONSTRAINT "CHK_tool_policies_rate_limit" CHECK (rate_limit_per_minute > 0),
        CONSTRAINT "CHK_tool_policies_timeout" CHECK (timeout_ms > 0)
      )`);
    await queryRunner.query(`
      ALTER TABLE tool_versions
        ADD COLUMN status text NOT NULL DEFAULT 'approved',
        ADD COLUMN decided_by text NULL,
        ADD COLUMN decided_at timestamptz NULL,
        ADD CONSTRAINT "CHK_tool_versions_status"
          CHECK (status IN ('pending', 'approved', 'rejected'))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE tool_versions
        DROP CONSTRAINT "CHK_tool_versions_status",
        DROP COLUMN decided_at,
        DROP COLUMN decided_by,
        DROP COLUMN status`);
    await queryRunner.query(`DROP TABLE tool_policies`);
  }
}

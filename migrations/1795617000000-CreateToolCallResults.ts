import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotent retries of `tools/call` (docs/approvals.md "Idempotent retries"): one row per
 * principal and idempotency key. The first call claims the row (`running`) and stores its result
 * (`completed`); a retry with the same key gets that result without running again, on any
 * instance. `principal_key` is the JSON array `[subject, tenant]`, so a key is never shared
 * between principals. A `running` row's `expires_at` is a lease bounded by the call timeout (the
 * owner may have died); a `completed` row's is its retention. Expired rows are pruned.
 */
export class CreateToolCallResults1795617000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE tool_call_results (
        principal_key text NOT NULL,
        idempotency_key text NOT NULL,
        tool text NOT NULL,
        arguments_sha256 text NOT NULL,
        state text NOT NULL,
        result jsonb NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        CONSTRAINT "PK_tool_call_results" PRIMARY KEY (principal_key, idempotency_key),
        CONSTRAINT "CHK_tool_call_results_state" CHECK (state IN ('running', 'completed'))
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_tool_call_results_expires_at" ON tool_call_results (expires_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE tool_call_results`);
  }
}

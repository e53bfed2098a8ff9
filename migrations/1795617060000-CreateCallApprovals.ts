import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Calls waiting for a person's approval (docs/approvals.md "Call approvals"): what was asked
 * (tool, version, definition digest, arguments), by whom (subject, tenant, client, roles and
 * scopes, so the approved call runs as its requester), and what became of it. `status` moves
 * pending → approved → executed | failed, or pending → rejected | expired; `executed_at` is set
 * when one instance claims an approved call to run it. `principal_key` (`[subject, tenant]`)
 * and `idempotency_key` find the approval again when the caller retries with its key.
 */
export class CreateCallApprovals1795617060000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE call_approvals (
        id uuid NOT NULL,
        tool text NOT NULL,
        tool_version text NOT NULL,
        definition_sha256 text NOT NULL,
        arguments jsonb NOT NULL,
        arguments_sha256 text NOT NULL,
        principal_key text NOT NULL,
        requester_subject text NOT NULL,
        requester_tenant text NULL,
        requester_client text NULL,
        requester_roles jsonb NOT NULL,
        requester_scopes jsonb NOT NULL,
        transport text NOT NULL,
        protocol_version text NOT NULL,
        session_id text NULL,
        idempotency_key text NULL,
        status text NOT NULL,
        decided_by text NULL,
        decision_reason text NULL,
        decided_at timestamptz NULL,
        expires_at timestamptz NOT NULL,
        result jsonb NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        executed_at timestamptz NULL,
        CONSTRAINT "PK_call_approvals" PRIMARY KEY (id),
        CONSTRAINT "CHK_call_approvals_status" CHECK (status IN
          ('pending', 'approved', 'rejected', 'expired', 'executed', 'failed'))
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_call_approvals_created_at" ON call_approvals (created_at, id)`,
    );
    await queryRunner.query(`
      CREATE INDEX "IDX_call_approvals_open" ON call_approvals (expires_at)
      WHERE status IN ('pending', 'approved')`);
    await queryRunner.query(`
      CREATE UNIQUE INDEX "UQ_call_approvals_idempotency_key"
      ON call_approvals (principal_key, idempotency_key) WHERE idempotency_key IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE call_approvals`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Operators' policy per prompt, resource and resource template (README "Operate: the admin API"):
 * the access part of `tool_policies`. `name` is what the access decision calls a capability: the
 * prompt name, the resource URI, or the template's URI template; `kind` uses the same words as the
 * code (`resource-template`).
 *
 * `revision` is the optimistic-concurrency token of the admin API (a stale one answers 409).
 * NULL lists mean "no restriction". Rows exist only for capabilities an operator touched: a
 * missing row is the all-default policy.
 */
export class CreateCapabilityPolicies1795616300000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE capability_policies (
        kind text NOT NULL,
        name text NOT NULL,
        enabled boolean NOT NULL DEFAULT true,
        roles text[] NULL,
        allowed_clients text[] NULL,
        allowed_tenants text[] NULL,
        revision integer NOT NULL DEFAULT 1,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text NULL,
        CONSTRAINT "PK_capability_policies" PRIMARY KEY (kind, name),
        CONSTRAINT "CHK_capability_policies_kind"
          CHECK (kind IN ('prompt', 'resource', 'resource-template'))
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE capability_policies`);
  }
}

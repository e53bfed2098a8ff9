import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-client version pins (README "Operate: the admin API": clients get the latest approved version
 * unless a policy pins another for them): a map OAuth client id → version label on the tool's
 * policy. A jsonb object rather than a table because it is read whole with its policy row (boot,
 * change, re-read) and written under that row's optimistic revision; `{}` means no client is
 * pinned.
 */
export class AddToolClientVersionPins1795616120000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE tool_policies
        ADD COLUMN client_version_pins jsonb NOT NULL DEFAULT '{}',
        ADD CONSTRAINT "CHK_tool_policies_client_version_pins"
          CHECK (jsonb_typeof(client_version_pins) = 'object')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE tool_policies
        DROP CONSTRAINT "CHK_tool_policies_client_version_pins",
        DROP COLUMN client_version_pins`);
  }
}

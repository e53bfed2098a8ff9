import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Events of resumable SSE streams (transports §Resumability and Redelivery, 2025-03-26+), so a
 * client that reconnects with `Last-Event-ID` to any instance gets what it missed. Stream ids are
 * random and globally unique, so `(stream_id, seq)` is the key; `session_id` binds a stream to
 * the session allowed to resume it. `message` is NULL for the priming event (seq 0) and for the
 * marker that ends a stream. Rows are bounded per stream and expired by age (StreamEventPruner).
 */
export class CreateStreamEvents1795616000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE stream_events (
        session_id text NOT NULL,
        stream_id text NOT NULL,
        seq integer NOT NULL,
        message jsonb NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_stream_events" PRIMARY KEY (stream_id, seq)
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_stream_events_created_at" ON stream_events (created_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE stream_events`);
  }
}

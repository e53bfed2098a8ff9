import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The knowledge base (README "The knowledge base"): imported documents split into sections by
 * heading, and the records agents read and update.
 *
 * - `kb_documents.id` is derived from `source` (the path given to `kb:import`), so re-importing
 *   the same file keeps its id; `content_hash` lets an import skip an unchanged file; `revision`
 *   grows with every change, for `resources/updated` and caching.
 * - `kb_sections.search` is kept by the database: a trigger weighs the heading (A) over the
 *   document title (B) and the text (C) with the `english` configuration, so a heading that
 *   names the topic ranks first (`ts_rank_cd`). A trigger rather than a generated column keeps
 *   TypeORM's schema comparison free of its `typeorm_metadata` table.
 * - `kb_records.version` is the optimistic-concurrency token of `update_record`.
 */
export class CreateKnowledgeBase1795616600000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE kb_documents (
        id text NOT NULL,
        source text NOT NULL,
        title text NOT NULL,
        tags text[] NOT NULL DEFAULT '{}',
        content_hash text NOT NULL,
        section_count integer NOT NULL,
        word_count integer NOT NULL,
        revision integer NOT NULL DEFAULT 1,
        imported_by text NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_kb_documents" PRIMARY KEY (id),
        CONSTRAINT "UQ_kb_documents_source" UNIQUE (source)
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_kb_documents_tags" ON kb_documents USING gin (tags)`,
    );
    await queryRunner.query(`
      CREATE TABLE kb_sections (
        doc_id text NOT NULL,
        id text NOT NULL,
        position integer NOT NULL,
        title text NOT NULL,
        heading text NOT NULL,
        heading_path text[] NOT NULL,
        body text NOT NULL,
        word_count integer NOT NULL,
        search tsvector NOT NULL,
        CONSTRAINT "PK_kb_sections" PRIMARY KEY (doc_id, id),
        CONSTRAINT "UQ_kb_sections_position" UNIQUE (doc_id, position),
        CONSTRAINT "FK_kb_sections_document" FOREIGN KEY (doc_id)
          REFERENCES kb_documents (id) ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_kb_sections_search" ON kb_sections USING gin (search)`,
    );
    await queryRunner.query(`
      CREATE FUNCTION kb_sections_search() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.search :=
          setweight(to_tsvector('english', NEW.heading), 'A') ||
          setweight(to_tsvector('english', NEW.title), 'B') ||
          setweight(to_tsvector('english', NEW.body), 'C');
        RETURN NEW;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER kb_sections_search BEFORE INSERT OR UPDATE OF heading, title, body
        ON kb_sections FOR EACH ROW EXECUTE FUNCTION kb_sections_search()`);
    await queryRunner.query(`
      CREATE TABLE kb_records (
        id text NOT NULL,
        type text NOT NULL,
        fields jsonb NOT NULL,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text NULL,
        CONSTRAINT "PK_kb_records" PRIMARY KEY (id),
        CONSTRAINT "CHK_kb_records_fields" CHECK (jsonb_typeof(fields) = 'object')
      )`);
    await queryRunner.query(`CREATE INDEX "IDX_kb_records_type" ON kb_records (type, id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE kb_records`);
    await queryRunner.query(`DROP TABLE kb_sections`);
    await queryRunner.query(`DROP FUNCTION kb_sections_search()`);
    await queryRunner.query(`DROP TABLE kb_documents`);
  }
}

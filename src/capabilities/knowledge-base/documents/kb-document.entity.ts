import { Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';

/**
 * Row of `kb_documents` (migration CreateKnowledgeBase): one imported file. The id is derived
 * from `source`, so a re-import of the same path keeps it.
 */
@Entity({ name: 'kb_documents' })
@Unique('UQ_kb_documents_source', ['source'])
@Index('IDX_kb_documents_tags', { synchronize: false })
export class KbDocumentEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'text' })
  source!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  tags!: string[];

  @Column({ name: 'content_hash', type: 'text' })
  contentHash!: string;

  @Column({ name: 'section_count', type: 'integer' })
  sectionCount!: number;

  @Column({ name: 'word_count', type: 'integer' })
  wordCount!: number;

  @Column({ type: 'integer', default: 1 })
  revision!: number;

  @Column({ name: 'imported_by', type: 'text', nullable: true })
  importedBy!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}

import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique } from 'typeorm';

import { KbDocumentEntity } from './kb-document.entity.js';

/**
 * Row of `kb_sections` (migration CreateKnowledgeBase): the text under one heading of a
 * document. `search` is written by the table's trigger only, so the entity never inserts,
 * updates or selects it.
 */
@Entity({ name: 'kb_sections' })
@Unique('UQ_kb_sections_position', ['docId', 'position'])
@Index('IDX_kb_sections_search', { synchronize: false })
export class KbSectionEntity {
  @PrimaryColumn({ name: 'doc_id', type: 'text' })
  docId!: string;

  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'integer' })
  position!: number;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  heading!: string;

  @Column({ name: 'heading_path', type: 'text', array: true })
  headingPath!: string[];

  @Column({ type: 'text' })
  body!: string;

  @Column({ name: 'word_count', type: 'integer' })
  wordCount!: number;

  @Column({ type: 'tsvector', select: false, insert: false, update: false })
  search!: string;

  @ManyToOne(() => KbDocumentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'doc_id', foreignKeyConstraintName: 'FK_kb_sections_document' })
  document!: KbDocumentEntity;
}

import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type Repository } from 'typeorm';

import { KbDocumentEntity } from './kb-document.entity.js';
import { KbSectionEntity } from './kb-section.entity.js';

/** How many ids a completion offers at most (completion §Completion results caps at 100). */
export const COMPLETION_LIMIT = 20;

/** A section with the sections before and after it in its document, when there are any. */
export interface SectionInContext {
  readonly section: KbSectionEntity;
  readonly previous: KbSectionEntity | undefined;
  readonly next: KbSectionEntity | undefined;
}

/** A document with its sections in reading order. */
export interface DocumentWithSections {
  readonly document: KbDocumentEntity;
  readonly sections: readonly KbSectionEntity[];
}

/** Reads documents and sections for the tools, resources and prompts of the knowledge base. */
@Injectable()
export class KbDocumentsReader {
  constructor(
    @InjectRepository(KbDocumentEntity) private readonly documents: Repository<KbDocumentEntity>,
    @InjectRepository(KbSectionEntity) private readonly sections: Repository<KbSectionEntity>,
  ) {}

  /** One statement: the section and its neighbours by position. */
  async sectionInContext(docId: string, sectionId: string): Promise<SectionInContext | undefined> {
    const rows = await this.sections
      .createQueryBuilder('s')
      .innerJoin(
        KbSectionEntity,
        't',
        't.doc_id = s.doc_id AND s.position BETWEEN t.position - 1 AND t.position + 1',
      )
      .where('t.doc_id = :docId AND t.id = :sectionId', { docId, sectionId })
      .orderBy('s.position')
      .getMany();
    const index = rows.findIndex((row) => row.id === sectionId);
    const section = rows[index];
    if (section === undefined) return undefined;
    return { section, previous: rows[index - 1], next: rows[index + 1] };
  }

  async documentWithSections(docId: string): Promise<DocumentWithSections | undefined> {
    const document = await this.documents.findOneBy({ id: docId });
    if (document === null) return undefined;
    const sections = await this.sections.find({ where: { docId }, order: { position: 'ASC' } });
    return { document, sections };
  }

  /** Up to `limit` documents after the id `after` (from the first without), in id order. */
  documentsAfter(after: string | undefined, limit: number): Promise<KbDocumentEntity[]> {
    const query = this.documents.createQueryBuilder('d').orderBy('d.id').limit(limit);
    if (after !== undefined) query.where('d.id > :after', { after });
    return query.getMany();
  }

  /** Document ids starting with `prefix`, in id order (an empty prefix: the first ones). */
  async documentIds(prefix: string): Promise<string[]> {
    const rows = await this.documents
      .createQueryBuilder('d')
      .select('d.id', 'id')
      .where('starts_with(d.id, :prefix)', { prefix })
      .orderBy('d.id')
      .limit(COMPLETION_LIMIT)
      .getRawMany<{ id: string }>();
    return rows.map((row) => row.id);
  }

  /** Section ids of `docId` starting with `prefix`, in reading order. */
  async sectionIds(docId: string, prefix: string): Promise<string[]> {
    const rows = await this.sections
      .createQueryBuilder('s')
      .select('s.id', 'id')
      .where('s.doc_id = :docId AND starts_with(s.id, :prefix)', { docId, prefix })
      .orderBy('s.position')
      .limit(COMPLETION_LIMIT)
      .getRawMany<{ id: string }>();
    return rows.map((row) => row.id);
  }
}

import type { DataSource } from 'typeorm';

import { KbDocumentEntity } from '../../src/capabilities/knowledge-base/documents/kb-document.entity.js';
import { KbSectionEntity } from '../../src/capabilities/knowledge-base/documents/kb-section.entity.js';
import { KbRecordEntity } from '../../src/capabilities/knowledge-base/records/kb-record.entity.js';

export interface FixtureSection {
  readonly id: string;
  readonly heading: string;
  readonly body: string;
}

export interface FixtureDocument {
  readonly id: string;
  readonly title: string;
  readonly tags: readonly string[];
  /** The first is the introduction under the title; the others sit one level below it. */
  readonly sections: readonly FixtureSection[];
}

export interface FixtureRecord {
  readonly id: string;
  readonly type: string;
  readonly fields: Record<string, unknown>;
}

const words = (text: string): number => text.split(/\s+/).filter(Boolean).length;

/** Writes `documents` and their sections through the entities (the trigger fills `search`). */
export async function insertDocuments(
  dataSource: DataSource,
  documents: readonly FixtureDocument[],
): Promise<void> {
  await dataSource.transaction(async (manager) => {
    for (const document of documents) {
      await manager.insert(KbDocumentEntity, {
        id: document.id,
        source: `${document.id}.md`,
        title: document.title,
        tags: [...document.tags],
        contentHash: `fixture-${document.id}`,
        sectionCount: document.sections.length,
        wordCount: document.sections.reduce((sum, section) => sum + words(section.body), 0),
        importedBy: 'fixture',
      });
      await manager.insert(
        KbSectionEntity,
        document.sections.map((section, position) => ({
          docId: document.id,
          id: section.id,
          position,
          title: document.title,
          heading: section.heading,
          headingPath: position === 0 ? [] : [document.title],
          body: section.body,
          wordCount: words(section.body),
        })),
      );
    }
  });
}

export async function insertRecords(
  dataSource: DataSource,
  records: readonly FixtureRecord[],
): Promise<void> {
  await dataSource
    .getRepository(KbRecordEntity)
    .save(records.map((record) => Object.assign(new KbRecordEntity(), record)));
}

/** A small corpus whose rankings the knowledge-base specs assert. */
export const FIXTURE_DOCUMENTS: readonly FixtureDocument[] = [
  {
    id: 'handbook/leave',
    title: 'Leave and time off',
    tags: ['handbook', 'hr'],
    sections: [
      {
        id: 'leave-and-time-off',
        heading: 'Leave and time off',
        body: 'This policy explains the kinds of leave at Corvane and how to book them.',
      },
      {
        id: 'annual-leave',
        heading: 'Annual leave',
        body:
          'Everyone gets 28 days of annual leave per year, public holidays included. Leave is ' +
          'booked in the HR portal at least two weeks ahead. Your manager approves leave ' +
          'requests within three working days. Leave taken during a notice period needs ' +
          'approval from People Operations.',
      },
      {
        id: 'carry-over',
        heading: 'Carry-over',
        body:
          'You may carry up to five unused leave days into next year. Carried days expire at ' +
          'the end of March; the policy allows no exceptions.',
      },
      {
        id: 'sick-leave',
        heading: 'Sick leave',
        body:
          'Tell your manager before 10:00 on the first day of sickness. From the eighth day a ' +
          'fit note is needed.',
      },
    ],
  },
  {
    id: 'runbooks/database-failover',
    title: 'Database failover',
    tags: ['runbooks', 'engineering'],
    sections: [
      {
        id: 'database-failover',
        heading: 'Database failover',
        body: 'What the on-call engineer does when the primary database stops answering.',
      },
      {
        id: 'promote-the-replica',
        heading: 'Promote the replica',
        body:
          'Promote the streaming replica with pg_ctl promote once replication lag is under one ' +
          'second. The policy is to page the database owner first.',
      },
    ],
  },
];

export const FIXTURE_RECORDS: readonly FixtureRecord[] = [
  {
    id: 'TCK-1001',
    type: 'ticket',
    fields: { subject: 'Login fails after password reset', status: 'open', priority: 'high' },
  },
  {
    id: 'TCK-1002',
    type: 'ticket',
    fields: { subject: 'Export times out', status: 'open', priority: 'low' },
  },
  { id: 'CUS-0001', type: 'customer', fields: { name: 'Tejas Reefer Co.', plan: 'Starter' } },
];

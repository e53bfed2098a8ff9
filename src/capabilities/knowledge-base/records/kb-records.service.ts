import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, type Repository } from 'typeorm';

import type { JsonObject } from '../../../protocol/json-rpc/json-rpc.types.js';
import { COMPLETION_LIMIT } from '../documents/kb-documents.reader.js';
import { KnowledgeBaseChanges } from '../knowledge-base.changes.js';
import { KbRecordEntity } from './kb-record.entity.js';

/** What `update_record` asks for. */
export interface RecordUpdate {
  readonly recordId: string;
  /** Merged into `fields`; a `null` value removes the key. */
  readonly changes: Readonly<JsonObject>;
  readonly expectedVersion?: number;
  /** The principal's subject, stored as `updated_by`. */
  readonly updatedBy: string;
}

/** The update was refused; the message is meant for the caller (and the model). */
export class RecordUpdateRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecordUpdateRefused';
  }
}

/**
 * Reads and updates the knowledge base's records. An update locks the row (`FOR UPDATE`) inside
 * one transaction, so two concurrent updates apply one after the other and an `expectedVersion`
 * check cannot race; once committed, `KnowledgeBaseChanges` tells caches and subscribers on
 * every instance (docs/architecture.md "Multi-instance").
 */
@Injectable()
export class KbRecordsService {
  constructor(
    private readonly dataSource: DataSource,
    @InjectRepository(KbRecordEntity) private readonly records: Repository<KbRecordEntity>,
    private readonly changes: KnowledgeBaseChanges,
  ) {}

  async find(recordId: string): Promise<KbRecordEntity | undefined> {
    return (await this.records.findOneBy({ id: recordId })) ?? undefined;
  }

  /** Record ids starting with `prefix`, in id order (an empty prefix: the first ones). */
  async ids(prefix: string): Promise<string[]> {
    const rows = await this.records
      .createQueryBuilder('r')
      .select('r.id', 'id')
      .where('starts_with(r.id, :prefix)', { prefix })
      .orderBy('r.id')
      .limit(COMPLETION_LIMIT)
      .getRawMany<{ id: string }>();
    return rows.map((row) => row.id);
  }

  /** @throws RecordUpdateRefused for an unknown record or a stale `expectedVersion` */
  async update(update: RecordUpdate): Promise<KbRecordEntity> {
    const updated = await this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(KbRecordEntity);
      const record = await repository.findOne({
        where: { id: update.recordId },
        lock: { mode: 'pessimistic_write' },
      });
      if (record === null) throw new RecordUpdateRefused(`Unknown record: ${update.recordId}`);
      if (update.expectedVersion !== undefined && update.expectedVersion !== record.version) {
        throw new RecordUpdateRefused(
          `Record ${record.id} is at version ${record.version}, not ${update.expectedVersion}: ` +
            'read it again and retry with the current version',
        );
      }
      record.fields = mergeFields(record.fields, update.changes);
      record.version += 1;
      record.updatedBy = update.updatedBy;
      record.updatedAt = new Date();
      return repository.save(record);
    });
    await this.changes.recordChanged(updated.id);
    return updated;
  }
}

/**
 * `fields` with `changes` applied. Built with `Object.fromEntries`, which defines own properties,
 * so a key such as `__proto__` is stored as data rather than changing the object's prototype.
 */
function mergeFields(fields: JsonObject, changes: Readonly<JsonObject>): JsonObject {
  const merged = new Map(Object.entries(fields));
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) merged.delete(key);
    else merged.set(key, value);
  }
  return Object.fromEntries(merged);
}

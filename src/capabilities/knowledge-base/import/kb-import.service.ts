import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { KnowledgeBaseChanges } from '../knowledge-base.changes.js';
import { announceImport } from './import-announcement.js';
import type { KbImportReport, KbImportRequest } from './kb-import.types.js';
import { type ImportActor, type ImportOptions, KbImporter } from './kb-importer.js';

/**
 * The server's side of an import (the admin endpoint, the seed at start): {@link KbImporter}
 * on the app's pool, then the change announced to every instance.
 */
@Injectable()
export class KbImportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly changes: KnowledgeBaseChanges,
  ) {}

  async import(
    request: KbImportRequest,
    actor: ImportActor,
    options?: ImportOptions,
  ): Promise<KbImportReport> {
    const report = await new KbImporter(this.dataSource).run(request, actor, options);
    await announceImport(this.changes, report);
    return report;
  }
}

import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { KbDocumentEntity } from '../documents/kb-document.entity.js';
import { SYSTEM_PRINCIPAL } from '../../../protocol/context/principal.js';
import { KnowledgeBaseChanges } from '../knowledge-base.changes.js';
import { refreshSearchIndex } from '../search/search-index-refresh.js';
import { announceImport } from './import-announcement.js';
import { KbImporter } from './kb-importer.js';
import { KbImportSettings } from './kb-import.settings.js';
import { loadSeedRequest } from './seed-corpus.js';

/**
 * Loads the seed corpus when the server starts with an empty knowledge base
 * (`KB_SEED_ON_START`, README "The knowledge base"). All of it is one transaction holding a
 * transaction-scoped advisory lock, and the emptiness check runs under the lock: instances
 * starting together on one Postgres seed once, the others find documents and skip. A failure is
 * logged and leaves the knowledge base empty; the server serves on.
 */
@Injectable()
export class KbSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger(KbSeeder.name);

  constructor(
    private readonly settings: KbImportSettings,
    private readonly dataSource: DataSource,
    private readonly changes: KnowledgeBaseChanges,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.settings.seedOnStart) return;
    try {
      const request = await loadSeedRequest();
      const report = await this.dataSource.transaction(async (manager) => {
        // The key names the schema: deployments sharing a database seed each their own.
        await manager.query(
          `SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.kb.seed'))`,
        );
        if (await manager.exists(KbDocumentEntity)) return undefined;
        return new KbImporter(this.dataSource).run(
          request,
          { principal: SYSTEM_PRINCIPAL, transport: 'system' },
          { transaction: (work) => work(manager) },
        );
      });
      if (report === undefined) return;
      await refreshSearchIndex(this.dataSource);
      await announceImport(this.changes, report);
      this.logger.log(
        `knowledge base seeded: ${report.imported} documents, ${report.sections} sections`,
      );
    } catch (error) {
      this.logger.error(
        `knowledge base seed failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}

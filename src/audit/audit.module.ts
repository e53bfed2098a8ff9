import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { SettingsModule } from '../config/index.js';
import { AuditArchiveSettings } from './archive/audit-archive.settings.js';
import { AuditCheckpointEntity } from './archive/audit-checkpoint.entity.js';
import { AuditLogEntryEntity } from './audit-log-entry.entity.js';
import { AuditLog } from './audit-log.js';
import { PostgresAuditLog } from './postgres-audit-log.js';

/**
 * Provides the {@link AuditLog} port, backed by `audit_log` in Postgres, and the repository of
 * its entity, for reading (the app role may only INSERT and SELECT), and the checkpoints of
 * archived partitions (docs/data-lifecycle.md). Needs DatabaseModule.
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forFeature([AuditLogEntryEntity, AuditCheckpointEntity]),
    // Read by `npm run audit:archive`; declared here so a start validates them too.
    SettingsModule.forFeature(AuditArchiveSettings),
  ],
  providers: [PostgresAuditLog, { provide: AuditLog, useExisting: PostgresAuditLog }],
  exports: [AuditLog, PostgresAuditLog, TypeOrmModule],
})
export class AuditModule {}

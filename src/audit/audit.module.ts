import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AuditLogEntryEntity } from './audit-log-entry.entity.js';
import { AuditLog } from './audit-log.js';
import { PostgresAuditLog } from './postgres-audit-log.js';

/**
 * Provides the {@link AuditLog} port, backed by `audit_log` in Postgres, and the repository of
 * its entity, for reading (the app role may only INSERT and SELECT). Needs DatabaseModule.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([AuditLogEntryEntity])],
  providers: [PostgresAuditLog, { provide: AuditLog, useExisting: PostgresAuditLog }],
  exports: [AuditLog, PostgresAuditLog, TypeOrmModule],
})
export class AuditModule {}

import { Global, Module } from '@nestjs/common';

import { AuditLog } from './audit-log.js';
import { PostgresAuditLog } from './postgres-audit-log.js';

/** Provides the {@link AuditLog} port, backed by `audit_log` in Postgres. Needs DatabaseModule. */
@Global()
@Module({
  providers: [PostgresAuditLog, { provide: AuditLog, useExisting: PostgresAuditLog }],
  exports: [AuditLog, PostgresAuditLog],
})
export class AuditModule {}

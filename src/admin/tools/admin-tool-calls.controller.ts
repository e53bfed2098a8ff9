import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';

import { AuditLogEntryEntity } from '../../audit/audit-log-entry.entity.js';
import { ref } from '../http/response-schema.js';
import { type RecentToolCalls, recentToolCalls } from './recent-tool-calls.query.js';

/**
 * Recent activity of every tool, for the dashboard's tools table: a path of its own, since
 * under `/admin/api/tools/…` it would shadow a tool of the same name.
 */
@ApiTags('tools')
@Controller('admin/api/tool-calls')
export class AdminToolCallsController {
  constructor(
    @InjectRepository(AuditLogEntryEntity)
    private readonly entries: Repository<AuditLogEntryEntity>,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Calls, errors and p95 latency of each tool over the last hour' })
  @ApiOkResponse({ schema: ref('RecentToolCalls') })
  recent(): Promise<RecentToolCalls> {
    return recentToolCalls(this.entries);
  }
}

import type { ServerResponse } from 'node:http';

import { Controller, Get, Query, Res, UsePipes } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';

import { type AuditChainReport, verifyAuditChain } from '../../audit/audit-chain.verifier.js';
import { AuditLogEntryEntity } from '../../audit/audit-log-entry.entity.js';
import { type AuditFilter, type AuditRecord, queryAuditLog } from '../../audit/audit-log.query.js';
import { adminValidationPipe } from '../http/admin-validation.pipe.js';
import { ref } from '../http/response-schema.js';
import { AuditSearchQuery } from './audit-search.query.js';

const EXPORT_PAGE = 1000;

/** The audit log: search, JSON-lines export and chain verification. */
@ApiTags('audit')
@Controller('admin/api/audit')
@UsePipes(adminValidationPipe())
export class AdminAuditController {
  constructor(
    @InjectRepository(AuditLogEntryEntity)
    private readonly entries: Repository<AuditLogEntryEntity>,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Calls and changes, newest first, with the outcome of each call' })
  @ApiOkResponse({ schema: ref('AuditPage') })
  search(
    @Query() query: AuditSearchQuery,
  ): Promise<{ records: AuditRecord[]; nextCursor?: string }> {
    return queryAuditLog(this.entries, filterOf(query), query.cursor, query.limit);
  }

  /**
   * Streams every matching record as JSON lines, a page at a time, honouring back-pressure so
   * an export of the whole log holds one page in memory.
   */
  @Get('export')
  @ApiProduces('application/x-ndjson')
  @ApiOperation({ summary: 'Matching records as JSON lines (newest first)' })
  async export(@Query() query: AuditSearchQuery, @Res() response: ServerResponse): Promise<void> {
    const filter = filterOf(query);
    response.statusCode = 200;
    response.setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
    response.setHeader('Content-Disposition', 'attachment; filename="audit-log.jsonl"');
    let cursor = query.cursor;
    do {
      const page = await queryAuditLog(this.entries, filter, cursor, EXPORT_PAGE);
      const text = page.records.map((record) => `${JSON.stringify(record)}\n`).join('');
      if (!response.write(text)) await new Promise((done) => response.once('drain', done));
      cursor = page.nextCursor;
    } while (cursor !== undefined && !response.destroyed);
    response.end();
  }

  @Get('verify')
  @ApiOperation({ summary: 'Recompute the hash chain; reports the first broken link' })
  @ApiOkResponse({ schema: ref('AuditChainReport') })
  verify(): Promise<AuditChainReport> {
    // Not through the repository: `npm run audit:verify` runs the same walk without the entities.
    return verifyAuditChain(this.entries.manager.dataSource);
  }
}

function filterOf(query: AuditSearchQuery): AuditFilter {
  return {
    ...(query.from === undefined ? {} : { from: query.from }),
    ...(query.to === undefined ? {} : { to: query.to }),
    ...(query.subject === undefined ? {} : { subject: query.subject }),
    ...(query.clientId === undefined ? {} : { clientId: query.clientId }),
    ...(query.tool === undefined ? {} : { toolName: query.tool }),
    ...(query.outcome === undefined ? {} : { outcome: query.outcome }),
    ...(query.event === undefined ? {} : { event: query.event }),
  };
}

import { Body, Controller, HttpCode, Post, UsePipes } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { CurrentPrincipal } from '../../auth/guards/request-principal.js';
import { KbImportInputError } from '../../capabilities/knowledge-base/import/import-input.js';
import { KbImportService } from '../../capabilities/knowledge-base/import/kb-import.service.js';
import type { KbImportReport } from '../../capabilities/knowledge-base/import/kb-import.types.js';
import type { Principal } from '../../protocol/context/principal.js';
import { requireAdmin } from '../http/admin-principal.js';
import { adminValidationPipe, invalidFields } from '../http/admin-validation.pipe.js';
import { KbImportDto } from './kb-import.dto.js';

/**
 * Imports into the knowledge base through the server, so an import never becomes a second
 * writer of the embedded database (docs/architecture.md "Multi-instance"). Audited like every
 * admin change.
 */
@ApiTags('knowledge base')
@Controller('admin/api/kb/imports')
@UsePipes(adminValidationPipe())
export class AdminKbImportsController {
  constructor(private readonly imports: KbImportService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Import documents (split into sections by heading) and records',
    description:
      'Each document is written in its own transaction; one whose content did not change is ' +
      'skipped. The counts, the prune and the records commit with the `admin.change` audit row.',
  })
  @ApiOkResponse({ description: 'Counts of the import and the ids it changed' })
  @ApiBadRequestResponse({
    description: 'Invalid fields (fieldErrors), a source given twice, a NUL character',
  })
  async create(
    @CurrentPrincipal() principal: Principal | undefined,
    @Body() body: KbImportDto,
  ): Promise<KbImportReport> {
    try {
      return await this.imports.import(body, {
        principal: requireAdmin(principal),
        transport: 'admin-api',
      });
    } catch (error) {
      if (error instanceof KbImportInputError) {
        throw invalidFields([{ field: 'documents', messages: error.problems }]);
      }
      throw error;
    }
  }
}

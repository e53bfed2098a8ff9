import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  UseInterceptors,
  UsePipes,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';

import { CurrentPrincipal } from '../../auth/guards/request-principal.js';
import type { Principal } from '../../protocol/context/principal.js';
import { requireAdmin } from '../http/admin-principal.js';
import { adminValidationPipe } from '../http/admin-validation.pipe.js';
import { type IfMatch, IfMatchHeader } from '../http/entity-tag.js';
import { ApiItemChange, ApiItemRead } from '../http/item-revision.docs.js';
import { ref } from '../http/response-schema.js';
import { UpstreamAdminService } from './upstream-admin.service.js';
import type { UpstreamAdminView } from './upstream-admin.view.js';
import { UpstreamRevisionInterceptor } from './upstream-revision.interceptor.js';
import { CreateUpstreamDto } from '../../federation/spec/upstream.dto.js';
import { UpdateUpstreamDto } from './update-upstream.dto.js';

/** Federated upstream MCP servers (docs/federation.md): add, inspect, change, remove. */
@ApiTags('upstreams')
@Controller('admin/api/upstreams')
@UsePipes(adminValidationPipe())
export class AdminUpstreamsController {
  constructor(private readonly upstreams: UpstreamAdminService) {}

  @Post()
  @ApiOperation({
    summary: 'Add an upstream MCP server; answers once its first catalogue is read (or failed)',
  })
  @ApiCreatedResponse({ schema: ref('UpstreamAdminView') })
  @ApiBadRequestResponse({
    description:
      'Invalid fields (fieldErrors), or secrets given while MCP_UPSTREAM_SECRET_KEY is unset',
  })
  @ApiConflictResponse({ description: 'The name is taken' })
  create(
    @CurrentPrincipal() principal: Principal | undefined,
    @Body() body: CreateUpstreamDto,
  ): Promise<UpstreamAdminView> {
    return this.upstreams.create(requireAdmin(principal), body);
  }

  @Get()
  @ApiOperation({ summary: 'Every upstream with its health and tools' })
  @ApiOkResponse({ schema: ref('UpstreamList') })
  list(): { upstreams: UpstreamAdminView[] } {
    return { upstreams: this.upstreams.list() };
  }

  @Get(':name')
  @UseInterceptors(UpstreamRevisionInterceptor)
  @ApiOperation({
    summary: 'One upstream: settings (no secrets), health, tools, pending definitions',
  })
  @ApiItemRead('Unknown upstream')
  @ApiOkResponse({ schema: ref('UpstreamAdminView') })
  inspect(@Param('name') name: string): UpstreamAdminView {
    return this.upstreams.inspect(name);
  }

  @Patch(':name')
  @UseInterceptors(UpstreamRevisionInterceptor)
  @ApiOperation({
    summary: 'Enable, disable or change an upstream (headers and auth replaced whole)',
  })
  @ApiOkResponse({ schema: ref('UpstreamAdminView') })
  @ApiBadRequestResponse({ description: 'Invalid fields (fieldErrors)' })
  @ApiItemChange({
    notFound: 'Unknown upstream',
    conflict: 'Stale expectedRevision, or the upstream is managed by MCP_UPSTREAMS_FILE',
  })
  update(
    @CurrentPrincipal() principal: Principal | undefined,
    @Param('name') name: string,
    @IfMatchHeader() ifMatch: IfMatch | undefined,
    @Body() body: UpdateUpstreamDto,
  ): Promise<UpstreamAdminView> {
    const { expectedRevision } = body;
    return this.upstreams.update(
      requireAdmin(principal),
      name,
      { ifMatch, expectedRevision },
      body,
    );
  }

  @Delete(':name')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove an upstream: disconnected, its capabilities no longer served' })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiItemChange({
    notFound: 'Unknown upstream',
    conflict: 'The upstream is managed by MCP_UPSTREAMS_FILE',
  })
  async remove(
    @CurrentPrincipal() principal: Principal | undefined,
    @Param('name') name: string,
    @IfMatchHeader() ifMatch: IfMatch | undefined,
  ): Promise<void> {
    await this.upstreams.remove(requireAdmin(principal), name, { ifMatch });
  }
}

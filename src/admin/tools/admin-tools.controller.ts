import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  UseInterceptors,
  UsePipes,
} from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { CurrentPrincipal } from '../../auth/guards/request-principal.js';
import type { Principal } from '../../protocol/context/principal.js';
import { requireAdmin } from '../http/admin-principal.js';
import { adminValidationPipe } from '../http/admin-validation.pipe.js';
import { type IfMatch, IfMatchHeader } from '../http/entity-tag.js';
import { ApiItemChange, ApiItemRead } from '../http/item-revision.docs.js';
import { ref } from '../http/response-schema.js';
import { ApiDefinitionRead, ParseSha256Pipe } from '../http/sha256.pipe.js';
import { RollbackToolDto } from './rollback-tool.dto.js';
import { ToolAdminService } from './tool-admin.service.js';
import type { ToolAdminView } from './tool-admin.view.js';
import type { ToolDefinitionView } from './tool-definition.view.js';
import { ToolRevisionInterceptor } from './tool-revision.interceptor.js';
import { UpdateToolPolicyDto } from './update-tool-policy.dto.js';

/** Tools: effective state, versions, callers; policy, approval and rollback. */
@ApiTags('tools')
@Controller('admin/api/tools')
@UsePipes(adminValidationPipe())
export class AdminToolsController {
  constructor(private readonly tools: ToolAdminService) {}

  @Get()
  @ApiOperation({ summary: 'Every tool with its effective state, policy and versions' })
  @ApiOkResponse({ schema: ref('ToolList') })
  list(): { tools: ToolAdminView[] } {
    return { tools: this.tools.list() };
  }

  @Get(':name')
  @UseInterceptors(ToolRevisionInterceptor)
  @ApiOperation({
    summary: 'One tool: what the code declares, its policy, both combined, callers over 24 hours',
  })
  @ApiItemRead('Unknown tool')
  @ApiOkResponse({ schema: ref('ToolDetail') })
  inspect(@Param('name') name: string): Promise<ToolAdminView> {
    return this.tools.inspect(name);
  }

  @Get(':name/definitions/:sha256')
  @ApiOperation({
    summary:
      'One recorded definition of the tool (by its SHA-256), with the tool-poisoning lint ' +
      'findings, to compare versions before approving one',
  })
  @ApiOkResponse({ schema: ref('ToolDefinitionView') })
  @ApiDefinitionRead('Unknown tool, or no such definition recorded for it')
  definition(
    @Param('name') name: string,
    @Param('sha256', new ParseSha256Pipe()) sha256: string,
  ): Promise<ToolDefinitionView> {
    return this.tools.definition(name, sha256);
  }

  @Patch(':name')
  @UseInterceptors(ToolRevisionInterceptor)
  @ApiOkResponse({ schema: ref('ToolAdminView') })
  @ApiOperation({
    summary: 'Change the policy (enable/disable, roles, clients, tenants, client version pins, …)',
  })
  @ApiBadRequestResponse({ description: 'Invalid fields (fieldErrors), or over 1,000 client pins' })
  @ApiItemChange({
    notFound: 'Unknown tool, or a pinned version it does not declare',
    conflict: 'Stale expectedRevision, or a pin on an unapproved version',
  })
  update(
    @CurrentPrincipal() principal: Principal | undefined,
    @Param('name') name: string,
    @IfMatchHeader() ifMatch: IfMatch | undefined,
    @Body() body: UpdateToolPolicyDto,
  ): Promise<ToolAdminView> {
    const { expectedRevision, ...changes } = body;
    return this.tools.updatePolicy(
      requireAdmin(principal),
      name,
      { ifMatch, expectedRevision },
      changes,
    );
  }

  @Post(':name/versions/:version/approve')
  @HttpCode(200)
  @UseInterceptors(ToolRevisionInterceptor)
  @ApiOperation({ summary: 'Approve the declared definition of a version' })
  @ApiOkResponse({ schema: ref('ToolAdminView') })
  @ApiItemChange({ notFound: 'Unknown tool or version', conflict: 'Already approved' })
  approve(
    @CurrentPrincipal() principal: Principal | undefined,
    @Param('name') name: string,
    @Param('version') version: string,
    @IfMatchHeader() ifMatch: IfMatch | undefined,
  ): Promise<ToolAdminView> {
    return this.tools.decide(requireAdmin(principal), name, version, 'approved', { ifMatch });
  }

  @Post(':name/versions/:version/reject')
  @HttpCode(200)
  @UseInterceptors(ToolRevisionInterceptor)
  @ApiOperation({ summary: 'Reject the declared definition of a version (never served)' })
  @ApiOkResponse({ schema: ref('ToolAdminView') })
  @ApiItemChange({ notFound: 'Unknown tool or version', conflict: 'Already rejected' })
  reject(
    @CurrentPrincipal() principal: Principal | undefined,
    @Param('name') name: string,
    @Param('version') version: string,
    @IfMatchHeader() ifMatch: IfMatch | undefined,
  ): Promise<ToolAdminView> {
    return this.tools.decide(requireAdmin(principal), name, version, 'rejected', { ifMatch });
  }

  @Post(':name/rollback')
  @HttpCode(200)
  @UseInterceptors(ToolRevisionInterceptor)
  @ApiOperation({ summary: 'Serve an earlier approved version the code still declares' })
  @ApiOkResponse({ schema: ref('ToolAdminView') })
  @ApiBadRequestResponse({ description: 'Invalid fields (fieldErrors)' })
  @ApiItemChange({
    notFound: 'Unknown tool or version',
    conflict: 'Stale expectedRevision, or the version is not approved',
  })
  rollback(
    @CurrentPrincipal() principal: Principal | undefined,
    @Param('name') name: string,
    @IfMatchHeader() ifMatch: IfMatch | undefined,
    @Body() body: RollbackToolDto,
  ): Promise<ToolAdminView> {
    const { version, expectedRevision } = body;
    return this.tools.updatePolicy(
      requireAdmin(principal),
      name,
      { ifMatch, expectedRevision },
      { pinnedVersion: version },
    );
  }
}

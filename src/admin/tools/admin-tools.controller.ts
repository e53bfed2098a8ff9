import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  UseGuards,
  UsePipes,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';

import { AdminGuard } from '../../auth/guards/admin.guard.js';
import { CurrentPrincipal } from '../../auth/guards/request-principal.js';
import type { Principal } from '../../mcp/context/principal.js';
import { requireAdmin } from '../http/admin-principal.js';
import { adminValidationPipe } from '../http/admin-validation.pipe.js';
import { RollbackToolDto } from './rollback-tool.dto.js';
import { ToolAdminService } from './tool-admin.service.js';
import type { ToolAdminView } from './tool-admin.view.js';
import { UpdateToolPolicyDto } from './update-tool-policy.dto.js';

/** Tools: effective state, versions, callers; policy, approval and rollback (issue 6 §3). */
@ApiTags('tools')
@ApiBearerAuth()
@Controller('admin/api/tools')
@UseGuards(AdminGuard)
@UsePipes(adminValidationPipe())
export class AdminToolsController {
  constructor(private readonly tools: ToolAdminService) {}

  @Get()
  @ApiOperation({ summary: 'Every tool with its effective state, policy and versions' })
  list(): { tools: ToolAdminView[] } {
    return { tools: this.tools.list() };
  }

  @Get(':name')
  @ApiOperation({ summary: 'One tool, with its callers over the last 24 hours' })
  @ApiNotFoundResponse({ description: 'Unknown tool' })
  inspect(@Param('name') name: string): Promise<ToolAdminView> {
    return this.tools.inspect(name);
  }

  @Patch(':name')
  @ApiOperation({
    summary: 'Change the policy (enable/disable, roles, clients, tenants, client version pins, …)',
  })
  @ApiBadRequestResponse({ description: 'Invalid fields (fieldErrors), or over 1,000 client pins' })
  @ApiNotFoundResponse({ description: 'Unknown tool, or a pinned version it does not declare' })
  @ApiConflictResponse({ description: 'Stale expectedRevision, or a pin on an unapproved version' })
  update(
    @CurrentPrincipal() principal: Principal | undefined,
    @Param('name') name: string,
    @Body() body: UpdateToolPolicyDto,
  ): Promise<ToolAdminView> {
    const { expectedRevision, ...changes } = body;
    return this.tools.updatePolicy(requireAdmin(principal), name, expectedRevision, changes);
  }

  @Post(':name/versions/:version/approve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve the declared definition of a version' })
  @ApiNotFoundResponse({ description: 'Unknown tool or version' })
  @ApiConflictResponse({ description: 'Already approved' })
  approve(
    @CurrentPrincipal() principal: Principal | undefined,
    @Param('name') name: string,
    @Param('version') version: string,
  ): Promise<ToolAdminView> {
    return this.tools.decide(requireAdmin(principal), name, version, 'approved');
  }

  @Post(':name/versions/:version/reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reject the declared definition of a version (never served)' })
  @ApiNotFoundResponse({ description: 'Unknown tool or version' })
  @ApiConflictResponse({ description: 'Already rejected' })
  reject(
    @CurrentPrincipal() principal: Principal | undefined,
    @Param('name') name: string,
    @Param('version') version: string,
  ): Promise<ToolAdminView> {
    return this.tools.decide(requireAdmin(principal), name, version, 'rejected');
  }

  @Post(':name/rollback')
  @HttpCode(200)
  @ApiOperation({ summary: 'Serve an earlier approved version the code still declares' })
  @ApiNotFoundResponse({ description: 'Unknown tool or version' })
  @ApiConflictResponse({ description: 'Stale expectedRevision, or the version is not approved' })
  rollback(
    @CurrentPrincipal() principal: Principal | undefined,
    @Param('name') name: string,
    @Body() body: RollbackToolDto,
  ): Promise<ToolAdminView> {
    return this.tools.updatePolicy(requireAdmin(principal), name, body.expectedRevision, {
      pinnedVersion: body.version,
    });
  }
}

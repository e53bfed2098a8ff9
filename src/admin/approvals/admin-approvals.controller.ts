import { Body, Controller, Get, HttpCode, Param, Post, Query, UsePipes } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';

import { AdminRoles } from '../../auth/guards/admin-roles.decorator.js';
import { CurrentPrincipal } from '../../auth/guards/request-principal.js';
import type { Principal } from '../../protocol/context/principal.js';
import { requireAdmin } from '../http/admin-principal.js';
import { adminValidationPipe } from '../http/admin-validation.pipe.js';
import { ref } from '../http/response-schema.js';
import { ApproveCallDto, RejectCallDto } from './approval-decision.dto.js';
import { ApprovalAdminService } from './approval-admin.service.js';
import type { ApprovalAdminView } from './approval-admin.view.js';
import { ListApprovalsQuery } from './list-approvals.query.js';

/**
 * Tool calls waiting for a second person (docs/approvals.md "Call approvals"), for role
 * `approver`. An approved call runs once, as its requester, on whichever instance claims it.
 */
@ApiTags('approvals')
@Controller('admin/api/approvals')
@AdminRoles('approver')
@UsePipes(adminValidationPipe())
export class AdminApprovalsController {
  constructor(private readonly approvals: ApprovalAdminService) {}

  @Get()
  @ApiOperation({ summary: 'Call approvals, newest first, cursor-paginated (role approver)' })
  @ApiOkResponse({ schema: ref('ApprovalPage') })
  list(
    @Query() query: ListApprovalsQuery,
  ): Promise<{ approvals: ApprovalAdminView[]; nextCursor?: string }> {
    return this.approvals.list(query.limit, query.status, query.cursor);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One call approval: the call, the requester, decision and result' })
  @ApiOkResponse({ schema: ref('ApprovalAdminView') })
  @ApiNotFoundResponse({ description: 'Unknown approval' })
  get(@Param('id') id: string): Promise<ApprovalAdminView> {
    return this.approvals.get(id);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve a pending call; it then runs once, as its requester' })
  @ApiOkResponse({ schema: ref('ApprovalAdminView') })
  @ApiBadRequestResponse({ description: 'Invalid fields (fieldErrors)' })
  @ApiForbiddenResponse({ description: "The requester's own call, or the token lacks the role" })
  @ApiNotFoundResponse({ description: 'Unknown approval' })
  @ApiConflictResponse({ description: 'Not pending: already decided, run or expired' })
  approve(
    @CurrentPrincipal() principal: Principal | undefined,
    @Param('id') id: string,
    @Body() body: ApproveCallDto,
  ): Promise<ApprovalAdminView> {
    return this.approvals.decide(requireAdmin(principal), {
      id,
      verdict: 'approved',
      reason: body.reason ?? null,
    });
  }

  @Post(':id/reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reject a pending call with a reason; it never runs' })
  @ApiOkResponse({ schema: ref('ApprovalAdminView') })
  @ApiBadRequestResponse({ description: 'Missing or invalid reason (fieldErrors)' })
  @ApiNotFoundResponse({ description: 'Unknown approval' })
  @ApiConflictResponse({ description: 'Not pending: already decided, run or expired' })
  reject(
    @CurrentPrincipal() principal: Principal | undefined,
    @Param('id') id: string,
    @Body() body: RejectCallDto,
  ): Promise<ApprovalAdminView> {
    return this.approvals.decide(requireAdmin(principal), {
      id,
      verdict: 'rejected',
      reason: body.reason,
    });
  }
}

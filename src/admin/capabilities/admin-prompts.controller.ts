import { Body, Controller, Get, Param, Patch, UseGuards, UsePipes } from '@nestjs/common';
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
import { UpdateAccessPolicyDto } from '../common/update-access-policy.dto.js';
import { requireAdmin } from '../http/admin-principal.js';
import { adminValidationPipe } from '../http/admin-validation.pipe.js';
import { CapabilityAdminService } from './capability-admin.service.js';
import type { CapabilityAdminView } from './capability-admin.view.js';

/** Prompts: declared definition and who may see and get them (issue 6, "where it makes sense"). */
@ApiTags('prompts')
@ApiBearerAuth()
@Controller('admin/api/prompts')
@UseGuards(AdminGuard)
@UsePipes(adminValidationPipe())
export class AdminPromptsController {
  constructor(private readonly capabilities: CapabilityAdminService) {}

  @Get()
  @ApiOperation({ summary: 'Every declared prompt with its policy and definition hash' })
  list(): { prompts: CapabilityAdminView[] } {
    return { prompts: this.capabilities.list('prompts') };
  }

  @Get(':name')
  @ApiOperation({ summary: 'One prompt' })
  @ApiNotFoundResponse({ description: 'Unknown prompt' })
  inspect(@Param('name') name: string): CapabilityAdminView {
    return this.capabilities.inspect('prompts', name);
  }

  @Patch(':name')
  @ApiOperation({ summary: 'Change who may see and get the prompt (enable/disable, roles, …)' })
  @ApiBadRequestResponse({ description: 'Invalid fields (fieldErrors)' })
  @ApiNotFoundResponse({ description: 'Unknown prompt' })
  @ApiConflictResponse({ description: 'Stale expectedRevision' })
  update(
    @CurrentPrincipal() principal: Principal | undefined,
    @Param('name') name: string,
    @Body() body: UpdateAccessPolicyDto,
  ): Promise<CapabilityAdminView> {
    const { expectedRevision, ...changes } = body;
    return this.capabilities.updatePolicy(
      requireAdmin(principal),
      'prompts',
      name,
      expectedRevision,
      changes,
    );
  }
}

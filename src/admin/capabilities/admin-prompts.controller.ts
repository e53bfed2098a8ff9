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
import { UpdateAccessPolicyDto } from '../common/update-access-policy.dto.js';
import { requireAdmin } from '../http/admin-principal.js';
import { adminValidationPipe } from '../http/admin-validation.pipe.js';
import { type IfMatch, IfMatchHeader } from '../http/entity-tag.js';
import { ApiItemChange, ApiItemRead } from '../http/item-revision.docs.js';
import { ref } from '../http/response-schema.js';
import { ApiDefinitionRead, ParseSha256Pipe } from '../http/sha256.pipe.js';
import { PromptVersionDecisions } from '../prompt-versions/prompt-version-decisions.js';
import { PromptVersionReader } from '../prompt-versions/prompt-version-reader.js';
import type {
  PromptDefinitionView,
  PromptVersionView,
} from '../prompt-versions/prompt-version.view.js';
import { CapabilityAdminService } from './capability-admin.service.js';
import type { CapabilityAdminView } from './capability-admin.view.js';
import { PromptRevisionInterceptor } from './capability-revision.interceptors.js';

/** Prompts: declared definition and who may see and get them. */
@ApiTags('prompts')
@Controller('admin/api/prompts')
@UsePipes(adminValidationPipe())
export class AdminPromptsController {
  constructor(
    private readonly capabilities: CapabilityAdminService,
    private readonly decisions: PromptVersionDecisions,
    private readonly versions: PromptVersionReader,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Every declared prompt with its policy and definition hash' })
  @ApiOkResponse({ schema: ref('PromptList') })
  list(): { prompts: CapabilityAdminView[] } {
    return { prompts: this.capabilities.list('prompts') };
  }

  @Get(':name')
  @UseInterceptors(PromptRevisionInterceptor)
  @ApiOperation({ summary: 'One prompt' })
  @ApiOkResponse({ schema: ref('CapabilityAdminView') })
  @ApiItemRead('Unknown prompt')
  inspect(@Param('name') name: string): CapabilityAdminView {
    return this.capabilities.inspect('prompts', name);
  }

  @Patch(':name')
  @UseInterceptors(PromptRevisionInterceptor)
  @ApiOperation({ summary: 'Change who may see and get the prompt (enable/disable, roles, …)' })
  @ApiOkResponse({ schema: ref('CapabilityAdminView') })
  @ApiBadRequestResponse({ description: 'Invalid fields (fieldErrors)' })
  @ApiItemChange({ notFound: 'Unknown prompt', conflict: 'Stale expectedRevision' })
  update(
    @CurrentPrincipal() principal: Principal | undefined,
    @Param('name') name: string,
    @IfMatchHeader() ifMatch: IfMatch | undefined,
    @Body() body: UpdateAccessPolicyDto,
  ): Promise<CapabilityAdminView> {
    const { expectedRevision, ...changes } = body;
    return this.capabilities.updatePolicy(
      requireAdmin(principal),
      'prompts',
      name,
      { ifMatch, expectedRevision },
      changes,
    );
  }

  @Get(':name/versions/:sha256')
  @ApiOperation({
    summary:
      "One recorded definition of an upstream's prompt (by its SHA-256), with its status and the " +
      'tool-poisoning lint findings, to read it before approving it',
  })
  @ApiOkResponse({ schema: ref('PromptDefinitionView') })
  @ApiDefinitionRead('No such definition recorded for the prompt')
  definition(
    @Param('name') name: string,
    @Param('sha256', ParseSha256Pipe) sha256: string,
  ): Promise<PromptDefinitionView> {
    return this.versions.definition(name, sha256);
  }

  @Post(':name/versions/:sha256/approve')
  @HttpCode(200)
  @ApiOperation({ summary: "Approve a recorded definition of an upstream's prompt" })
  @ApiOkResponse({ schema: ref('PromptVersionView') })
  @ApiItemChange({ notFound: 'Unknown prompt definition', conflict: 'Already approved' })
  approve(
    @CurrentPrincipal() principal: Principal | undefined,
    @Param('name') name: string,
    @Param('sha256', ParseSha256Pipe) sha256: string,
  ): Promise<PromptVersionView> {
    return this.decisions.decide(requireAdmin(principal), name, sha256, 'approved');
  }

  @Post(':name/versions/:sha256/reject')
  @HttpCode(200)
  @ApiOperation({ summary: "Reject a recorded definition of an upstream's prompt (never served)" })
  @ApiOkResponse({ schema: ref('PromptVersionView') })
  @ApiItemChange({ notFound: 'Unknown prompt definition', conflict: 'Already rejected' })
  reject(
    @CurrentPrincipal() principal: Principal | undefined,
    @Param('name') name: string,
    @Param('sha256', ParseSha256Pipe) sha256: string,
  ): Promise<PromptVersionView> {
    return this.decisions.decide(requireAdmin(principal), name, sha256, 'rejected');
  }
}

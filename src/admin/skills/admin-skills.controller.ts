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
import {
  ApiBadRequestResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';

import { CurrentPrincipal } from '../../auth/guards/request-principal.js';
import type { Principal } from '../../protocol/context/principal.js';
import { UpdateAccessPolicyDto } from '../common/update-access-policy.dto.js';
import { requireAdmin } from '../http/admin-principal.js';
import { adminValidationPipe } from '../http/admin-validation.pipe.js';
import { type IfMatch, IfMatchHeader } from '../http/entity-tag.js';
import { ApiItemChange, ApiItemRead } from '../http/item-revision.docs.js';
import { ref } from '../http/response-schema.js';
import { SkillAdminService } from './skill-admin.service.js';
import type { SkillAdminList, SkillAdminView } from './skill-admin.view.js';
import { SkillRevisionInterceptor } from './skill-revision.interceptor.js';

/** A nested skill path has `/` in it: one path segment, percent-encoded (RFC 3986 §2.1). */
const NAME_PARAM = ApiParam({
  name: 'name',
  description:
    'The skill path (its name for a top-level skill), percent-encoded as one path segment ' +
    '(encodeURIComponent), e.g. acme%2Fbilling%2Frefunds',
});
const DIGEST_PARAM = ApiParam({ name: 'digest', description: 'sha256:… of the version' });

/** Agent Skills (SEP-2640): who may see them, which version is served. */
@ApiTags('skills')
@Controller('admin/api/skills')
@UsePipes(adminValidationPipe())
export class AdminSkillsController {
  constructor(private readonly skills: SkillAdminService) {}

  @Get()
  @ApiOperation({
    summary: 'Every skill with its policy and versions, and the skills refused at load',
  })
  @ApiOkResponse({ schema: ref('SkillList') })
  list(): Promise<SkillAdminList> {
    return this.skills.list();
  }

  @Get(':name')
  @NAME_PARAM
  @UseInterceptors(SkillRevisionInterceptor)
  @ApiOperation({ summary: 'One skill' })
  @ApiItemRead('Unknown skill')
  @ApiOkResponse({ schema: ref('SkillAdminView') })
  inspect(@Param('name') name: string): Promise<SkillAdminView> {
    return this.skills.inspect(name);
  }

  @Patch(':name')
  @NAME_PARAM
  @UseInterceptors(SkillRevisionInterceptor)
  @ApiOperation({ summary: 'Change who may see and read it (enable/disable, roles, …)' })
  @ApiOkResponse({ schema: ref('SkillAdminView') })
  @ApiBadRequestResponse({ description: 'Invalid fields (fieldErrors)' })
  @ApiItemChange({ notFound: 'Unknown skill', conflict: 'Stale expectedRevision' })
  update(
    @CurrentPrincipal() principal: Principal | undefined,
    @Param('name') name: string,
    @IfMatchHeader() ifMatch: IfMatch | undefined,
    @Body() body: UpdateAccessPolicyDto,
  ): Promise<SkillAdminView> {
    const { expectedRevision, ...changes } = body;
    return this.skills.updatePolicy(
      requireAdmin(principal),
      name,
      { ifMatch, expectedRevision },
      changes,
    );
  }

  @Post(':name/versions/:digest/approve')
  @HttpCode(200)
  @NAME_PARAM
  @DIGEST_PARAM
  @UseInterceptors(SkillRevisionInterceptor)
  @ApiOperation({ summary: 'Approve a recorded version: it is served from now on' })
  @ApiOkResponse({ schema: ref('SkillAdminView') })
  @ApiItemChange({ notFound: 'Unknown skill or version', conflict: 'Already approved' })
  approve(
    @CurrentPrincipal() principal: Principal | undefined,
    @Param('name') name: string,
    @Param('digest') digest: string,
    @IfMatchHeader() ifMatch: IfMatch | undefined,
  ): Promise<SkillAdminView> {
    return this.skills.decide(requireAdmin(principal), name, digest, 'approved', { ifMatch });
  }

  @Post(':name/versions/:digest/reject')
  @HttpCode(200)
  @NAME_PARAM
  @DIGEST_PARAM
  @UseInterceptors(SkillRevisionInterceptor)
  @ApiOperation({ summary: 'Reject a recorded version: never served' })
  @ApiOkResponse({ schema: ref('SkillAdminView') })
  @ApiItemChange({ notFound: 'Unknown skill or version', conflict: 'Already rejected' })
  reject(
    @CurrentPrincipal() principal: Principal | undefined,
    @Param('name') name: string,
    @Param('digest') digest: string,
    @IfMatchHeader() ifMatch: IfMatch | undefined,
  ): Promise<SkillAdminView> {
    return this.skills.decide(requireAdmin(principal), name, digest, 'rejected', { ifMatch });
  }
}

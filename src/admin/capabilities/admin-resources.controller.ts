import { Body, Controller, Get, Param, Patch, UseInterceptors, UsePipes } from '@nestjs/common';
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
import { CapabilityAdminService } from './capability-admin.service.js';
import type { CapabilityAdminView } from './capability-admin.view.js';
import { ResourceRevisionInterceptor } from './capability-revision.interceptors.js';

/**
 * A resource URI or template has `/`, `:` and `{}` in it, so it is one path segment,
 * percent-encoded as a whole (`encodeURIComponent`, RFC 3986 §2.1); the router decodes it.
 */
const URI_PARAM = ApiParam({
  name: 'uri',
  description:
    'The resource URI or the template’s URI template, percent-encoded as one path segment ' +
    '(encodeURIComponent), e.g. info%3A%2F%2Fserver%2Fabout. A resource wins over a template ' +
    'with the same text.',
});

/**
 * Resources and resource templates: who may see and read them. A template's policy covers
 * every URI it matches.
 */
@ApiTags('resources')
@Controller('admin/api/resources')
@UsePipes(adminValidationPipe())
export class AdminResourcesController {
  constructor(private readonly capabilities: CapabilityAdminService) {}

  @Get()
  @ApiOperation({ summary: 'Every declared resource and resource template with its policy' })
  @ApiOkResponse({ schema: ref('ResourceList') })
  list(): { resources: CapabilityAdminView[] } {
    return { resources: this.capabilities.list('resources') };
  }

  @Get(':uri')
  @URI_PARAM
  @UseInterceptors(ResourceRevisionInterceptor)
  @ApiOperation({ summary: 'One resource or resource template' })
  @ApiOkResponse({ schema: ref('CapabilityAdminView') })
  @ApiItemRead('Unknown resource or template')
  inspect(@Param('uri') uri: string): CapabilityAdminView {
    return this.capabilities.inspect('resources', uri);
  }

  @Patch(':uri')
  @URI_PARAM
  @UseInterceptors(ResourceRevisionInterceptor)
  @ApiOperation({ summary: 'Change who may see and read it (enable/disable, roles, …)' })
  @ApiOkResponse({ schema: ref('CapabilityAdminView') })
  @ApiBadRequestResponse({ description: 'Invalid fields (fieldErrors)' })
  @ApiItemChange({ notFound: 'Unknown resource or template', conflict: 'Stale expectedRevision' })
  update(
    @CurrentPrincipal() principal: Principal | undefined,
    @Param('uri') uri: string,
    @IfMatchHeader() ifMatch: IfMatch | undefined,
    @Body() body: UpdateAccessPolicyDto,
  ): Promise<CapabilityAdminView> {
    const { expectedRevision, ...changes } = body;
    return this.capabilities.updatePolicy(
      requireAdmin(principal),
      'resources',
      uri,
      { ifMatch, expectedRevision },
      changes,
    );
  }
}

import { Controller, Delete, Get, Param, Query, UsePipes } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { CurrentPrincipal } from '../../auth/guards/request-principal.js';
import type { Principal } from '../../protocol/context/principal.js';
import { requireAdmin } from '../http/admin-principal.js';
import { adminValidationPipe } from '../http/admin-validation.pipe.js';
import { ref } from '../http/response-schema.js';
import { ListSessionsQuery } from './list-sessions.query.js';
import { SessionAdminService, type SessionAdminView } from './session-admin.service.js';

/** Active MCP sessions of every instance; revocation takes effect on all of them. */
@ApiTags('sessions')
@Controller('admin/api/sessions')
@UsePipes(adminValidationPipe())
export class AdminSessionsController {
  constructor(private readonly sessions: SessionAdminService) {}

  @Get()
  @ApiOperation({ summary: 'Active sessions, newest first, cursor-paginated' })
  @ApiOkResponse({ schema: ref('SessionPage') })
  list(
    @Query() query: ListSessionsQuery,
  ): Promise<{ sessions: SessionAdminView[]; nextCursor?: string }> {
    return this.sessions.list(query.limit, query.subject, query.cursor);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Revoke a session on every instance' })
  @ApiOkResponse({ schema: ref('SessionAdminView') })
  @ApiNotFoundResponse({ description: 'Unknown or already ended session' })
  revoke(
    @CurrentPrincipal() principal: Principal | undefined,
    @Param('id') id: string,
  ): Promise<SessionAdminView> {
    return this.sessions.revoke(requireAdmin(principal), id);
  }
}

import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

import {
  CALL_APPROVAL_STATUSES,
  type CallApprovalStatus,
} from '../../approvals/call-approval.types.js';
import { PageQuery } from '../http/page.query.js';

/** `GET /admin/api/approvals` query: an optional status, then cursor pagination. */
export class ListApprovalsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: CALL_APPROVAL_STATUSES, description: 'Only approvals in it' })
  @IsOptional()
  @IsIn(CALL_APPROVAL_STATUSES)
  status?: CallApprovalStatus;
}

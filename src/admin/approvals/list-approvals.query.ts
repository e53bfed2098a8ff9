import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

import {
  CALL_APPROVAL_STATUSES,
  type CallApprovalStatus,
} from '../../approvals/call-approval.types.js';

/** `GET /admin/api/approvals` query: an optional status, then cursor pagination. */
export class ListApprovalsQuery {
  @ApiPropertyOptional({ enum: CALL_APPROVAL_STATUSES, description: 'Only approvals in it' })
  @IsOptional()
  @IsIn(CALL_APPROVAL_STATUSES)
  status?: CallApprovalStatus;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit: number = 100;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}

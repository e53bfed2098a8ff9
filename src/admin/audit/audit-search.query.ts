import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsDate,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

const OUTCOMES = [
  'success',
  'tool_error',
  'invalid_arguments',
  'cancelled',
  'timeout',
  'internal_error',
  'input_required',
  'replayed',
  'approval_pending',
  'approval_declined',
];
const EVENTS = [
  'tool_call.started',
  'tool_call.completed',
  'admin.change',
  'registry.change',
  'skill.read',
];

/** `GET /admin/api/audit` and `/export` query: filters (AND) plus cursor pagination. */
export class AuditSearchQuery {
  @ApiPropertyOptional({ format: 'date-time', description: 'Inclusive lower bound' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  from?: Date;

  @ApiPropertyOptional({ format: 'date-time', description: 'Exclusive upper bound' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  to?: Date;

  @ApiPropertyOptional({ description: 'Principal (token subject)' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  subject?: string;

  @ApiPropertyOptional({ description: 'OAuth client (azp / client_id)' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  clientId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(128)
  tool?: string;

  @ApiPropertyOptional({ enum: OUTCOMES })
  @IsOptional()
  @IsIn(OUTCOMES)
  outcome?: string;

  @ApiPropertyOptional({ enum: EVENTS })
  @IsOptional()
  @IsIn(EVENTS)
  event?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit: number = 100;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @Matches(/^[1-9]\d{0,18}$/, { message: 'cursor must be a nextCursor value' })
  cursor?: string;
}

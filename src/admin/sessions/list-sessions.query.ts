import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

import { PageQuery } from '../http/page.query.js';

/** `GET /admin/api/sessions` query. */
export class ListSessionsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Only sessions of this subject' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  subject?: string;
}

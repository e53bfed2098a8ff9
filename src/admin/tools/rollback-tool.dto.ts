import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

import { ExpectedRevision } from '../common/update-access-policy.dto.js';

/** `POST /admin/api/tools/{name}/rollback`: serve an earlier approved version still declared. */
export class RollbackToolDto {
  @ApiProperty({ description: 'An approved version label the code still declares' })
  @IsString()
  @MaxLength(64)
  version!: string;

  @ExpectedRevision()
  expectedRevision?: number;
}

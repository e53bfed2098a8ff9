import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, MaxLength, Min } from 'class-validator';

/** `POST /admin/api/tools/{name}/rollback`: serve an earlier approved version still declared. */
export class RollbackToolDto {
  @ApiProperty({ description: 'An approved version label the code still declares' })
  @IsString()
  @MaxLength(64)
  version!: string;

  @ApiProperty({ description: 'The policy revision you read (optimistic concurrency)' })
  @IsInt()
  @Min(0)
  expectedRevision!: number;
}

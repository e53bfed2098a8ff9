import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

/** `POST /admin/api/approvals/{id}/approve` body: an optional note for the audit log. */
export class ApproveCallDto {
  @ApiPropertyOptional({ maxLength: 1000, description: 'Why it is approved (audited)' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

/** `POST /admin/api/approvals/{id}/reject` body: the reason is required and shown to the caller. */
export class RejectCallDto {
  @ApiProperty({ maxLength: 1000, description: 'Why it is rejected (audited, told to the caller)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason!: string;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';

import { IMPORT_LIMITS } from '../../capabilities/knowledge-base/import/import-input.js';

/** Documents per request; the body is bounded by `MCP_MAX_BODY_BYTES` as well. */
export const MAX_DOCUMENTS_PER_IMPORT = 1_000;
/** The sources a pruning import keeps: every file the import found, over all its requests. */
const MAX_KEEP_SOURCES = 100_000;
const MAX_RECORDS = 10_000;
const MAX_PATHS = 100;

export class KbImportDocumentDto {
  @ApiProperty({ example: 'handbook/leave.md', maxLength: IMPORT_LIMITS.sourceLength })
  @IsString()
  @MinLength(1)
  @MaxLength(IMPORT_LIMITS.sourceLength)
  source!: string;

  @ApiProperty({ description: 'Markdown or plain text', maxLength: IMPORT_LIMITS.contentLength })
  @IsString()
  @MaxLength(IMPORT_LIMITS.contentLength)
  content!: string;
}

export class KbImportRecordDto {
  @ApiProperty({ example: 'TCK-1042', maxLength: IMPORT_LIMITS.recordIdLength })
  @IsString()
  @MinLength(1)
  @MaxLength(IMPORT_LIMITS.recordIdLength)
  id!: string;

  @ApiProperty({ example: 'ticket', maxLength: IMPORT_LIMITS.recordTypeLength })
  @IsString()
  @MinLength(1)
  @MaxLength(IMPORT_LIMITS.recordTypeLength)
  type!: string;

  @ApiProperty({ type: 'object', additionalProperties: true })
  @IsObject()
  fields!: Record<string, unknown>;
}

/**
 * `POST /admin/api/kb/imports`: one import, as `npm run kb:import` sends it when a running
 * server holds the embedded database (README "The knowledge base"). A larger import is several
 * requests; the last one carries `keepSources` when it prunes.
 */
export class KbImportDto {
  @ApiProperty({ type: [KbImportDocumentDto], maxItems: MAX_DOCUMENTS_PER_IMPORT })
  @IsArray()
  @ArrayMaxSize(MAX_DOCUMENTS_PER_IMPORT)
  @ValidateNested({ each: true })
  @Type(() => KbImportDocumentDto)
  documents!: KbImportDocumentDto[];

  @ApiPropertyOptional({
    type: [String],
    maxItems: MAX_KEEP_SOURCES,
    description:
      'Prune: delete every document whose source is not listed (all the sources the import ' +
      'found). Absent: delete nothing.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_KEEP_SOURCES)
  @IsString({ each: true })
  @MaxLength(IMPORT_LIMITS.sourceLength, { each: true })
  keepSources?: string[];

  @ApiPropertyOptional({ type: [KbImportRecordDto], maxItems: MAX_RECORDS })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_RECORDS)
  @ValidateNested({ each: true })
  @Type(() => KbImportRecordDto)
  records?: KbImportRecordDto[];

  @ApiProperty({
    type: [String],
    maxItems: MAX_PATHS,
    example: ['docs/'],
    description: 'The folders and files the operator named, for the audit log',
  })
  @IsArray()
  @ArrayMaxSize(MAX_PATHS)
  @IsString({ each: true })
  @MaxLength(IMPORT_LIMITS.sourceLength, { each: true })
  paths!: string[];
}

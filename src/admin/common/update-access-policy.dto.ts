import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';

/**
 * Lists are bounded so a policy still fits one NOTIFY payload (8000 bytes) and reaches every
 * instance inline (BusSyncedCache); one too large travels as "re-read" and still arrives.
 */
const MAX_LIST = 20;
/** The longest role, client id, tenant or version label an admin may write. */
export const MAX_ITEM = 64;
const ITEM = /^[\x21-\x7e]+$/;

/** Validates a field only when it is present and not `null` (`null` lifts the restriction). */
export const IfSet = (): PropertyDecorator =>
  ValidateIf((_dto, value: unknown) => value !== undefined && value !== null);

/** An optional, nullable list of printable-ASCII names (roles, client ids, tenants). */
function NameList(description: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: [String], nullable: true, description }),
    IfSet(),
    IsArray(),
    ArrayMaxSize(MAX_LIST),
    IsString({ each: true }),
    MaxLength(MAX_ITEM, { each: true }),
    Matches(ITEM, { each: true, message: 'each value must be printable ASCII without spaces' }),
  );
}

/**
 * The optional `expectedRevision` of a change: absent, not `null`, when the admin sets none
 * (the `If-Match` header does the same with the ETag; without either the change applies to the
 * current state).
 */
export function ExpectedRevision(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      description:
        'The revision you read (409 if it changed since; 0 before any change). Optional: the ' +
        'If-Match header does the same with the ETag (412); without either the change applies ' +
        'to the current state.',
    }),
    ValidateIf((_dto, value: unknown) => value !== undefined),
    IsInt(),
    Min(0),
  );
}

/**
 * `PATCH` of who may see and use a tool, prompt, resource or resource template: absent fields
 * stay as they are; `null` lifts a restriction. The tool policy DTO adds the tool-only fields.
 */
export class UpdateAccessPolicyDto {
  @ExpectedRevision()
  expectedRevision?: number;

  @ApiPropertyOptional({ description: 'false: nobody can see or use it' })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @NameList('Required roles (any of)')
  roles?: string[] | null;

  @NameList('Allowed OAuth clients')
  allowedClients?: string[] | null;

  @NameList('Allowed tenants')
  allowedTenants?: string[] | null;
}

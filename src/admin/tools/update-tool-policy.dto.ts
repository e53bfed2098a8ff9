import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';

import type { ClientVersionPinChanges } from '../../policy/tool-policy.js';
import { IsClientVersionPins } from './client-version-pins.validation.js';

/**
 * Lists are bounded so a tool's whole state still fits one NOTIFY payload (8000 bytes) and
 * reaches every instance inline (EffectiveToolRegistry). Many client pins may not fit: such a
 * change travels as the tool's name, and every instance re-reads the policies.
 */
const MAX_LIST = 20;
const MAX_ITEM = 64;
const ITEM = /^[\x21-\x7e]+$/;

/** Validates a field only when it is present and not `null` (`null` lifts the restriction). */
const IfSet = (): PropertyDecorator =>
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

/** `PATCH /admin/api/tools/{name}`: absent fields stay as they are; `null` lifts a restriction. */
export class UpdateToolPolicyDto {
  @ApiProperty({
    description: 'The revision you read (optimistic concurrency; 0 before any change)',
  })
  @IsInt()
  @Min(0)
  expectedRevision!: number;

  @ApiPropertyOptional({ description: 'false: nobody can see or call the tool' })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @NameList('Required roles (any of)')
  roles?: string[] | null;

  @NameList('Allowed OAuth clients')
  allowedClients?: string[] | null;

  @NameList('Allowed tenants')
  allowedTenants?: string[] | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 1 })
  @IfSet()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  rateLimitPerMinute?: number | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 100,
    description: 'Overrides the declared timeout',
  })
  @IfSet()
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  timeoutMs?: number | null;

  @ApiPropertyOptional({
    type: Boolean,
    nullable: true,
    description: 'null: follow MCP_TOOL_APPROVAL',
  })
  @IfSet()
  @IsBoolean()
  approvalRequired?: boolean | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Serve this approved version' })
  @IfSet()
  @IsString()
  @MaxLength(MAX_ITEM)
  pinnedVersion?: string | null;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string', nullable: true, maxLength: MAX_ITEM },
    nullable: true,
    example: { 'legacy-app': '1.0.0', 'retired-agent': null },
    description:
      'Per-client version pins: OAuth client id (`azp`, else `client_id`; 1–256 printable ASCII) ' +
      '→ an approved version the code declares, served to that client instead of the version ' +
      'the others get (a client pin wins over the rollback pin). Merged into the stored pins: ' +
      'a label sets or moves a pin, `null` removes it, clients not named keep theirs; the field ' +
      '`null` removes every pin. At most 1,000 pins per tool. A pin whose version stops being ' +
      'declared or approved is ignored (the client gets what the others get) until it is again.',
  })
  @IfSet()
  @IsClientVersionPins()
  clientVersionPins?: ClientVersionPinChanges | null;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

import { UPSTREAM_AUTH_TYPES, UPSTREAM_TRANSPORTS } from './upstream-spec.js';
import type { UpstreamTransportKind } from '../client/upstream-client.types.js';

const URL_OPTIONS = { protocols: ['http', 'https'], require_tld: false, require_protocol: true };
const MAX_TEXT = 2_048;

/**
 * The credential this server presents to the upstream (docs/federation.md "Credentials"). Which
 * fields a type needs is checked after these field checks; secrets (`value`, `clientSecret`)
 * are stored sealed and never returned.
 */
export class UpstreamAuthDto {
  @ApiProperty({ enum: UPSTREAM_AUTH_TYPES })
  @IsIn(UPSTREAM_AUTH_TYPES)
  type!: (typeof UPSTREAM_AUTH_TYPES)[number];

  @ApiPropertyOptional({ description: 'header: the header name, e.g. Authorization' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  name?: string;

  @ApiPropertyOptional({ description: 'header: its value (secret)' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_TEXT)
  value?: string;

  @ApiPropertyOptional({ description: 'client-credentials, token-exchange: the token endpoint' })
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  @MaxLength(MAX_TEXT)
  tokenUrl?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  clientId?: string;

  @ApiPropertyOptional({ description: 'secret' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_TEXT)
  clientSecret?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(MAX_TEXT)
  scope?: string;

  @ApiPropertyOptional({ description: 'RFC 8707 resource; default: the upstream URL' })
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  resource?: string;

  @ApiPropertyOptional({ description: 'token-exchange: RFC 8693 audience' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_TEXT)
  audience?: string;
}

/** The fields of an upstream that `PATCH` may change (all of them but the name). */
export class UpstreamSettingsDto {
  @ApiPropertyOptional({ enum: UPSTREAM_TRANSPORTS })
  @IsOptional()
  @IsIn(UPSTREAM_TRANSPORTS)
  transport?: UpstreamTransportKind;

  @ApiPropertyOptional({ description: 'streamable-http, sse: the MCP endpoint' })
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  @MaxLength(MAX_TEXT)
  url?: string;

  @ApiPropertyOptional({ description: 'stdio: the program (run without a shell)' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_TEXT)
  command?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsString({ each: true })
  @MaxLength(MAX_TEXT, { each: true })
  @ArrayMaxSize(64)
  args?: string[];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'Static request headers; their values are secrets (stored sealed, never shown)',
  })
  @IsOptional()
  @IsObject()
  headers?: Record<string, string>;

  @ApiPropertyOptional({ type: UpstreamAuthDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => UpstreamAuthDto)
  auth?: UpstreamAuthDto;

  @ApiPropertyOptional({ description: 'false: disconnected, its capabilities not served' })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({ minimum: 100, description: 'Bound on one upstream request' })
  @IsOptional()
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  timeoutMs?: number;
}

/** `POST /admin/api/upstreams` (`transport` is required there; see specFromCreate). */
export class CreateUpstreamDto extends UpstreamSettingsDto {
  @ApiProperty({ description: 'Served names are <name><MCP_UPSTREAM_SEPARATOR><its name>' })
  @IsString()
  @MaxLength(32)
  name!: string;
}

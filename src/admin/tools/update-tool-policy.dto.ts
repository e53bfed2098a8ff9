import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsString, Max, MaxLength, Min } from 'class-validator';

import {
  type ClientVersionPinChanges,
  TOOL_AUDIT_ROWS,
  TOOL_CALL_APPROVALS,
  type ToolAuditRows,
  type ToolCallApproval,
} from '../../policy/tool-policy.js';
import { IfSet, MAX_ITEM, UpdateAccessPolicyDto } from '../common/update-access-policy.dto.js';
import { IsClientVersionPins } from './client-version-pins.validation.js';

/**
 * `PATCH /admin/api/tools/{name}`: the access fields every capability has, and the tool-only
 * ones. Many client pins may not fit one NOTIFY payload: such a change travels as "re-read",
 * and every instance re-reads the policies.
 */
export class UpdateToolPolicyDto extends UpdateAccessPolicyDto {
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

  @ApiPropertyOptional({
    enum: TOOL_CALL_APPROVALS,
    nullable: true,
    description:
      "Who approves each call (docs/approvals.md): auto nobody, user the client's user (else " +
      'an approver), approver a second person; null: a destructiveHint tool asks its user',
  })
  @IfSet()
  @IsIn(TOOL_CALL_APPROVALS)
  callApproval?: ToolCallApproval | null;

  @ApiPropertyOptional({
    enum: TOOL_AUDIT_ROWS,
    nullable: true,
    description:
      'How calls are audited (docs/architecture.md "The audit contract"): two rows, the first ' +
      'committed before the tool runs; one row, committed after it ran and before its result ' +
      'leaves (only for tools that change nothing); null: one for a readOnlyHint tool that is ' +
      'not destructive, two for the others',
  })
  @IfSet()
  @IsIn(TOOL_AUDIT_ROWS)
  auditRows?: ToolAuditRows | null;

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

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { appendToAuditChainIn } from '../audit/audit-chain.writer.js';
import { EMPTY_AUDIT_COLUMNS, storedText } from '../audit/audit-row.js';
import type { McpHandlerContext } from '../protocol/context/handler-context.js';
import type { SkillFile } from './loaded-skill.js';
import type { ServedSkill } from './skill-catalog.js';

/**
 * Puts every read of a skill file on the audit chain (`event = 'skill.read'`) before the bytes
 * are sent: a skill is instructions the model will follow, so who loaded which version is on
 * record as a tool call is (docs/skills.md "Governance").
 */
@Injectable()
export class SkillReadAudit {
  constructor(private readonly dataSource: DataSource) {}

  async record(context: McpHandlerContext, served: ServedSkill, file: SkillFile): Promise<void> {
    const { principal } = context;
    await appendToAuditChainIn(this.dataSource.manager, [
      {
        ...EMPTY_AUDIT_COLUMNS,
        correlationId: context.correlationId.toLowerCase(),
        event: 'skill.read',
        occurredAt: new Date().toISOString(),
        subject: storedText(principal.subject),
        clientId: storedText(principal.clientId),
        tenant: storedText(principal.tenant),
        roles: principal.roles.map((role) => storedText(role) as string),
        sessionId: storedText(context.session?.id),
        requestId: storedText(String(context.requestId)),
        action: 'skill.read',
        target: storedText(file.uri),
        definitionSha256: null,
        detail: storedText(`${served.skill.path}@${served.skill.digest} ${file.digest}`),
      },
    ]);
  }
}

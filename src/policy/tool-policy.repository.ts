import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, Repository } from 'typeorm';

import { withNulEscaped } from '../persistence/postgres-text.js';
import type { RevisionedPolicyStore } from './revisioned-policy.store.js';
import {
  accessPolicyOfRow,
  lockPolicyRow,
  nextRevisionColumns,
  saveNextRevision,
} from './revisioned-policy.table.js';
import { ToolPolicyEntity } from './tool-policy.entity.js';
import { defaultToolPolicy, type ToolPolicy } from './tool-policy.js';

/** `tool_policies` rows, read at boot and on change (never on the call path), written by admins. */
@Injectable()
export class ToolPolicyRepository implements RevisionedPolicyStore<string, ToolPolicy> {
  constructor(
    @InjectRepository(ToolPolicyEntity) private readonly policies: Repository<ToolPolicyEntity>,
  ) {}

  async loadAll(): Promise<Map<string, ToolPolicy>> {
    const rows = await this.policies.find();
    return new Map(rows.map((row) => [row.name, toPolicy(row)]));
  }

  async lock(manager: EntityManager, name: string): Promise<ToolPolicy> {
    const row = await lockPolicyRow(manager, ToolPolicyEntity, { name });
    return row === undefined ? defaultToolPolicy(name) : toPolicy(row);
  }

  async save(
    manager: EntityManager,
    policy: ToolPolicy,
    updatedBy: string,
  ): Promise<ToolPolicy | undefined> {
    const stored = await saveNextRevision(
      manager,
      ToolPolicyEntity,
      {
        name: policy.name,
        ...nextRevisionColumns(policy, updatedBy),
        rateLimitPerMinute: policy.rateLimitPerMinute,
        timeoutMs: policy.timeoutMs,
        approvalRequired: policy.approvalRequired,
        pinnedVersion: policy.pinnedVersion,
        clientVersionPins: withNulEscaped(policy.clientVersionPins),
        callApproval: policy.callApproval,
        auditRows: policy.auditRows,
      },
      ['name'],
    );
    return stored === undefined ? undefined : toPolicy(stored);
  }
}

function toPolicy(row: ToolPolicyEntity): ToolPolicy {
  return {
    name: row.name,
    ...accessPolicyOfRow(row),
    rateLimitPerMinute: row.rateLimitPerMinute,
    timeoutMs: row.timeoutMs,
    approvalRequired: row.approvalRequired,
    pinnedVersion: row.pinnedVersion,
    clientVersionPins: row.clientVersionPins,
    callApproval: row.callApproval,
    auditRows: row.auditRows,
  };
}

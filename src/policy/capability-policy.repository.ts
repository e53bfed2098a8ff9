import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, Repository } from 'typeorm';

import { CapabilityPolicyEntity } from './capability-policy.entity.js';
import {
  type CapabilityKey,
  type CapabilityPolicy,
  defaultCapabilityPolicy,
} from './capability-policy.js';
import type { RevisionedPolicyStore } from './revisioned-policy.store.js';
import {
  accessPolicyOfRow,
  lockPolicyRow,
  nextRevisionColumns,
  saveNextRevision,
} from './revisioned-policy.table.js';

/**
 * `capability_policies` rows: read at boot, on a change too large for the bus and by the
 * periodic re-read (never on the request path), written by admins.
 */
@Injectable()
export class CapabilityPolicyRepository implements RevisionedPolicyStore<
  CapabilityKey,
  CapabilityPolicy
> {
  constructor(
    @InjectRepository(CapabilityPolicyEntity)
    private readonly policies: Repository<CapabilityPolicyEntity>,
  ) {}

  async loadAll(): Promise<CapabilityPolicy[]> {
    return (await this.policies.find()).map(toPolicy);
  }

  async lock(manager: EntityManager, key: CapabilityKey): Promise<CapabilityPolicy> {
    const row = await lockPolicyRow(manager, CapabilityPolicyEntity, {
      kind: key.kind,
      name: key.name,
    });
    return row === undefined ? defaultCapabilityPolicy(key) : toPolicy(row);
  }

  async save(
    manager: EntityManager,
    policy: CapabilityPolicy,
    updatedBy: string,
  ): Promise<CapabilityPolicy | undefined> {
    const stored = await saveNextRevision(
      manager,
      CapabilityPolicyEntity,
      { kind: policy.kind, name: policy.name, ...nextRevisionColumns(policy, updatedBy) },
      ['kind', 'name'],
    );
    return stored === undefined ? undefined : toPolicy(stored);
  }
}

function toPolicy(row: CapabilityPolicyEntity): CapabilityPolicy {
  return { kind: row.kind, name: row.name, ...accessPolicyOfRow(row) };
}

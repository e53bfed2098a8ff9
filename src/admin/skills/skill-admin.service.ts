import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { adminChangeRow } from '../../audit/admin-change.row.js';
import { appendToAuditChainIn } from '../../audit/audit-chain.writer.js';
import { CapabilityChanges } from '../../mcp/subscriptions/capability-changes.js';
import type { AccessPolicyChanges } from '../../policy/access-policy.js';
import type { CapabilityKey } from '../../policy/capability-policy.js';
import { CapabilityPolicyCache } from '../../policy/capability-policy.cache.js';
import { CapabilityPolicyRepository } from '../../policy/capability-policy.repository.js';
import type { Principal } from '../../protocol/context/principal.js';
import { SkillServing } from '../../skills/skill-serving.service.js';
import { type SkillVersionRecord, SkillVersionStore } from '../../skills/skill-version.store.js';
import { saveAuditedPolicyChange, writePolicyRevision } from '../common/audited-policy-change.js';
import type { RevisionPrecondition } from '../common/revision-precondition.js';
import { type SkillAdminList, type SkillAdminView, skillAdminView } from './skill-admin.view.js';

const keyOf = (name: string): CapabilityKey => ({ kind: 'skill', name });

/**
 * Admin operations on skills (docs/skills.md "Governance"): who may see one (its policy in
 * `capability_policies`, kind `skill`) and which recorded version may be served (approve or
 * reject). A change is one transaction with its `admin.change` audit row; then the policy is
 * published to every instance, or every instance re-reads its skills, and clients hear
 * `notifications/resources/list_changed`.
 */
@Injectable()
export class SkillAdminService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly serving: SkillServing,
    private readonly store: SkillVersionStore,
    private readonly repository: CapabilityPolicyRepository,
    private readonly policies: CapabilityPolicyCache,
    private readonly changes: CapabilityChanges,
  ) {}

  async list(): Promise<SkillAdminList> {
    const versions = await this.store.versions();
    const names = new Set([
      ...this.serving.current.loaded.map((skill) => skill.path),
      ...versions.map((version) => version.path),
    ]);
    return {
      skills: [...names].sort().map((name) => this.present(name, versions)),
      problems: this.serving.current.problems,
    };
  }

  async inspect(name: string): Promise<SkillAdminView> {
    this.assertKnown(name);
    return this.present(name, await this.store.versions());
  }

  /** Throws the 404 of a skill no source holds and none was ever recorded. */
  assertKnown(name: string): void {
    const { loaded, versions } = this.serving.current;
    if (!loaded.some((skill) => skill.path === name) && !versions.some((v) => v.path === name)) {
      throw new NotFoundException(`Unknown skill ${name}`);
    }
  }

  async updatePolicy(
    admin: Principal,
    name: string,
    precondition: RevisionPrecondition,
    changes: AccessPolicyChanges,
  ): Promise<SkillAdminView> {
    this.assertKnown(name);
    const policy = await this.dataSource.transaction((manager) =>
      saveAuditedPolicyChange(manager, this.repository, {
        admin,
        key: keyOf(name),
        precondition,
        action: 'skill_policy.update',
        target: name,
        apply: (before) => ({ ...before, ...changes }),
      }),
    );
    await this.policies.publish(policy);
    await this.changes.resourcesChanged();
    return this.inspect(name);
  }

  /**
   * Approves or rejects one recorded version. Like a tool decision it moves the skill's
   * revision on, so `If-Match` guards it too.
   */
  async decide(
    admin: Principal,
    name: string,
    digest: string,
    status: 'approved' | 'rejected',
    precondition: RevisionPrecondition,
  ): Promise<SkillAdminView> {
    this.assertKnown(name);
    const policy = await this.dataSource.transaction(async (manager) => {
      const { after } = await writePolicyRevision(manager, this.repository, {
        key: keyOf(name),
        precondition,
        updatedBy: admin.subject,
        apply: (unchanged) => unchanged,
      });
      const before = (await this.store.versions(manager)).find(
        (v) => v.path === name && v.digest === digest,
      );
      if (before === undefined) {
        throw new NotFoundException(`Unknown version ${digest} of skill ${name}`);
      }
      if (before.status === status) {
        throw new ConflictException(`Version ${digest} of skill ${name} is already ${status}`);
      }
      const decided = await this.store.decide(manager, name, digest, status, admin.subject);
      const action = status === 'approved' ? 'skill_version.approve' : 'skill_version.reject';
      await appendToAuditChainIn(manager, [
        adminChangeRow(admin, action, `${name}@${digest}`, statusOf(before), statusOf(decided)),
      ]);
      return after;
    });
    await this.policies.publish(policy);
    // Re-read here first, so the answer shows the decision served; then on every instance.
    await this.serving.refresh();
    await this.serving.announceChange();
    return this.inspect(name);
  }

  private present(name: string, versions: readonly SkillVersionRecord[]): SkillAdminView {
    const { loaded, catalog } = this.serving.current;
    return skillAdminView(name, {
      loaded: loaded.find((skill) => skill.path === name),
      served: catalog.skills.find((served) => served.skill.path === name),
      versions: versions.filter((version) => version.path === name),
      policy: this.policies.policyOf(keyOf(name)),
    });
  }
}

function statusOf(version: SkillVersionRecord | undefined): Record<string, unknown> | null {
  if (version === undefined) return null;
  return { status: version.status, decidedBy: version.decidedBy, decidedAt: version.decidedAt };
}

import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { Principal } from '../../protocol/context/principal.js';
import { CapabilityRegistry } from '../../protocol/capabilities/capability-registry.js';
import { CapabilityChanges } from '../../mcp/subscriptions/capability-changes.js';
import type { AccessPolicyChanges } from '../../policy/access-policy.js';
import type { PolicyCapabilityKind } from '../../policy/capability-policy.js';
import { CapabilityPolicyRepository } from '../../policy/capability-policy.repository.js';
import { CapabilityPolicyCache } from '../../policy/capability-policy.cache.js';
import { saveAuditedPolicyChange } from '../common/audited-policy-change.js';
import type { RevisionPrecondition } from '../common/revision-precondition.js';
import { type CapabilityAdminView, capabilityAdminView } from './capability-admin.view.js';
import {
  type CapabilityFamily,
  declaredCapabilities,
  type DeclaredCapability,
} from './declared-capabilities.js';

/** The `admin.change` action of a policy update, per kind, so the audit log can find them. */
const AUDIT_ACTIONS: Readonly<Record<PolicyCapabilityKind, string>> = {
  prompt: 'prompt_policy.update',
  resource: 'resource_policy.update',
  'resource-template': 'resource_template_policy.update',
  skill: 'skill_policy.update',
};

const UNKNOWN: Readonly<Record<CapabilityFamily, string>> = {
  prompts: 'Unknown prompt',
  resources: 'Unknown resource or resource template',
};

/**
 * Admin operations on the policies of prompts, resources and resource templates. A change is
 * one transaction (revision precondition, write, `admin.change` audit row with before/after:
 * saveAuditedPolicyChange); the new policy is then applied here and published to every
 * instance, followed by the family's `list_changed` (server features §Prompts, §Resources).
 */
@Injectable()
export class CapabilityAdminService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: CapabilityPolicyRepository,
    private readonly registry: CapabilityRegistry,
    private readonly policies: CapabilityPolicyCache,
    private readonly changes: CapabilityChanges,
  ) {}

  list(family: CapabilityFamily): CapabilityAdminView[] {
    return declaredCapabilities(this.registry, family).map((declared) => this.present(declared));
  }

  inspect(family: CapabilityFamily, name: string): CapabilityAdminView {
    return this.present(this.declared(family, name));
  }

  /** Throws the 404 of a capability of `family` the code does not declare. */
  assertKnown(family: CapabilityFamily, name: string): void {
    this.declared(family, name);
  }

  async updatePolicy(
    admin: Principal,
    family: CapabilityFamily,
    name: string,
    precondition: RevisionPrecondition,
    changes: AccessPolicyChanges,
  ): Promise<CapabilityAdminView> {
    const declared = this.declared(family, name);
    const { kind } = declared;
    const policy = await this.dataSource.transaction((manager) =>
      saveAuditedPolicyChange(manager, this.repository, {
        admin,
        key: { kind, name },
        precondition,
        action: AUDIT_ACTIONS[kind],
        target: name,
        apply: (before) => ({ ...before, ...changes }),
      }),
    );
    await this.policies.publish(policy);
    await (family === 'prompts' ? this.changes.promptsChanged() : this.changes.resourcesChanged());
    return capabilityAdminView(declared, policy);
  }

  private declared(family: CapabilityFamily, name: string): DeclaredCapability {
    const found = declaredCapabilities(this.registry, family).find((c) => c.name === name);
    if (found === undefined) throw new NotFoundException(`${UNKNOWN[family]} ${name}`);
    return found;
  }

  private present(declared: DeclaredCapability): CapabilityAdminView {
    return capabilityAdminView(declared, this.policies.policyOf(declared));
  }
}

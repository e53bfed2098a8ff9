import {
  type BadRequestException,
  ConflictException,
  Inject,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, Repository } from 'typeorm';

import { adminChangeRow } from '../../audit/admin-change.row.js';
import { AuditLogEntryEntity } from '../../audit/audit-log-entry.entity.js';
import { appendToAuditChainIn } from '../../audit/audit-chain.writer.js';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.constants.js';
import { Upstreams } from '../../federation/upstreams.service.js';
import type { Principal } from '../../protocol/context/principal.js';
import { CapabilityChanges } from '../../mcp/subscriptions/capability-changes.js';
import {
  applyPolicyChanges,
  MAX_CLIENT_VERSION_PINS,
  requestedVersions,
  type ToolPolicy,
  type ToolPolicyChanges,
} from '../../policy/tool-policy.js';
import { ToolPolicyCache } from '../../policy/tool-policy.cache.js';
import { ToolPolicyRepository } from '../../policy/tool-policy.repository.js';
import type {
  RecordedToolVersions,
  ToolVersionStatus,
} from '../../versions/recorded-tool-version.js';
import { ServedToolVersions } from '../../versions/served-tool-versions.js';
import { statusOf } from '../../versions/served-version.selector.js';
import { ToolVersionStatusRepository } from '../../versions/tool-version-status.repository.js';
import { saveAuditedPolicyChange, writePolicyRevision } from '../common/audited-policy-change.js';
import type { RevisionPrecondition } from '../common/revision-precondition.js';
import { invalidFields } from '../http/admin-validation.pipe.js';
import { toolCallStats, type ToolCallStats } from './tool-call-stats.query.js';
import { type ToolDefinitionView, toolDefinitionView } from './tool-definition.view.js';
import {
  type KnownTool,
  type ToolAdminView,
  toolAdminView,
  type ToolDefaults,
} from './tool-admin.view.js';

/** What one admin change of a tool wrote: its policy, and its versions when a decision moved them. */
interface ToolChange {
  readonly policy: ToolPolicy;
  readonly recorded?: RecordedToolVersions;
}

/**
 * Admin operations on tools. Each change is one transaction: the optimistic revision check, the
 * write and its `admin.change` audit row (before/after) commit together or not at all. The new
 * policy (and versions) are then applied here and published to every instance, followed by
 * `list_changed`.
 */
@Injectable()
export class ToolAdminService {
  private readonly defaults: ToolDefaults;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly repository: ToolPolicyRepository,
    private readonly statuses: ToolVersionStatusRepository,
    private readonly policies: ToolPolicyCache,
    private readonly served: ServedToolVersions,
    private readonly changes: CapabilityChanges,
    private readonly upstreams: Upstreams,
    @InjectRepository(AuditLogEntryEntity)
    private readonly auditEntries: Repository<AuditLogEntryEntity>,
  ) {
    this.defaults = {
      approvalRequired: config.mcp.toolApproval === 'required',
      timeoutMs: config.limits.toolTimeoutMs,
      rateLimitPerMinute: config.rateLimits.perToolPerMinute,
    };
  }

  /**
   * Every tool declared in code or known to the database, sorted by name, but for the tools of a
   * deleted upstream (their recorded versions stay, docs/federation.md "Admin API").
   */
  list(): ToolAdminView[] {
    const names = this.served.names();
    for (const name of this.policies.names()) names.add(name);
    return [...names]
      .sort()
      .map((name) => this.viewOf(name))
      .filter(({ name, versions }) => !this.isOfDeletedUpstream(name, versions))
      .map((known) => this.present(known));
  }

  async inspect(name: string): Promise<ToolAdminView & { stats: ToolCallStats }> {
    const view = this.present(this.viewOf(name));
    return { ...view, stats: await toolCallStats(this.auditEntries, name) };
  }

  /** One recorded definition of the tool by its hash, linted; 404 when none was recorded. */
  async definition(name: string, definitionSha256: string): Promise<ToolDefinitionView> {
    this.viewOf(name);
    const recorded = await this.statuses.definitionOf(name, definitionSha256);
    if (recorded === undefined) {
      throw new NotFoundException(`No definition ${definitionSha256} recorded for tool ${name}`);
    }
    return toolDefinitionView(name, recorded);
  }

  /** Throws the 404 of a tool neither the code nor the database knows. */
  assertKnown(name: string): void {
    this.viewOf(name);
  }

  async updatePolicy(
    admin: Principal,
    name: string,
    precondition: RevisionPrecondition,
    changes: ToolPolicyChanges,
  ): Promise<ToolAdminView> {
    const view = this.viewOf(name);
    for (const version of requestedVersions(changes)) {
      this.assertServable(view, version, changes.approvalRequired);
    }
    return this.commit(name, async (manager) => {
      const after = await saveAuditedPolicyChange(manager, this.repository, {
        admin,
        key: name,
        precondition,
        action: auditActionOf(changes),
        target: name,
        apply: (before) => {
          const policy = applyPolicyChanges(before, changes);
          if (Object.keys(policy.clientVersionPins).length > MAX_CLIENT_VERSION_PINS) {
            throw tooManyPins();
          }
          return policy;
        },
      });
      return { policy: after };
    });
  }

  /**
   * Approves or rejects the definition of `version` the code declares. A decision is a change of
   * the tool: the revision of its policy row moves on with it, so its ETag does too.
   */
  async decide(
    admin: Principal,
    name: string,
    version: string,
    status: Exclude<ToolVersionStatus, 'pending'>,
    precondition: RevisionPrecondition,
  ): Promise<ToolAdminView> {
    const view = this.viewOf(name);
    const tool = view.versions.declared.find(
      (candidate) => candidate.definition.version === version,
    );
    if (tool === undefined)
      throw new NotFoundException(`Unknown version ${version} of tool ${name}`);
    const { definitionSha256 } = tool.definition;
    return this.commit(name, async (manager) => {
      // Policy row first, as in updatePolicy, then the version row, then the chain lock: one
      // lock order for every admin change, so two of them can never deadlock.
      const { after: policy } = await writePolicyRevision(manager, this.repository, {
        key: name,
        precondition,
        updatedBy: admin.subject,
        apply: (unchanged) => unchanged,
      });
      const versions = await this.statuses.loadFor(manager, name);
      const before = versions.find(
        (v) => v.version === version && v.definitionSha256 === definitionSha256,
      );
      if (before === undefined) {
        throw new ConflictException(`Version ${version} of tool ${name} is not recorded yet`);
      }
      const after = await this.statuses.decide(manager, name, before, status, admin.subject);
      if (after === undefined) {
        throw new ConflictException(`Version ${version} of tool ${name} is already ${status}`);
      }
      const action = status === 'approved' ? 'tool_version.approve' : 'tool_version.reject';
      await appendToAuditChainIn(manager, [
        adminChangeRow(admin, action, `${name}@${version}`, before, after),
      ]);
      const recorded = {
        name,
        revision: policy.revision,
        versions: versions.map((v) => (v === before ? after : v)),
      };
      return { policy, recorded };
    });
  }

  private async commit(
    name: string,
    work: (manager: EntityManager) => Promise<ToolChange>,
  ): Promise<ToolAdminView> {
    const { policy, recorded } = await this.dataSource.transaction(work);
    if (recorded !== undefined) await this.served.publish(recorded);
    await this.policies.publish(policy);
    await this.changes.toolsChanged();
    return this.present(this.viewOf(name));
  }

  /**
   * A pin, for all clients or for one, must name a declared, approved version: anything else
   * could not be served (one that stops being servable later is ignored, chooseServedVersion).
   */
  private assertServable(
    known: KnownTool,
    version: string,
    approvalRequired: boolean | null | undefined,
  ): void {
    const tool = known.versions.declared.find(
      (candidate) => candidate.definition.version === version,
    );
    if (tool === undefined) {
      throw new NotFoundException(`Version ${version} of tool ${known.name} is not declared`);
    }
    const required =
      (approvalRequired === undefined ? known.policy.approvalRequired : approvalRequired) ??
      this.defaults.approvalRequired;
    if (statusOf(tool, known.versions.recorded, required) !== 'approved') {
      throw new ConflictException(`Version ${version} of tool ${known.name} is not approved`);
    }
  }

  private isOfDeletedUpstream(name: string, versions: KnownTool['versions']): boolean {
    return (
      versions.declared.length === 0 && this.upstreams.isOfDeletedUpstream(name, versions.recorded)
    );
  }

  private viewOf(name: string): KnownTool {
    if (!this.served.knows(name) && !this.policies.has(name)) {
      throw new NotFoundException(`Unknown tool ${name}`);
    }
    return { name, policy: this.policies.policyOf(name), versions: this.served.versionsOf(name) };
  }

  private present(known: KnownTool): ToolAdminView {
    return toolAdminView(known, this.defaults);
  }
}

/** Rollbacks and client pins have actions of their own, so the audit log finds them. */
function auditActionOf(changes: ToolPolicyChanges): string {
  if (changes.pinnedVersion !== undefined) return 'tool.rollback';
  if (changes.clientVersionPins !== undefined) return 'tool.client_pins';
  return 'tool_policy.update';
}

/** The DTO bounds one change; the stored pins it merges into decide the total. */
function tooManyPins(): BadRequestException {
  return invalidFields([
    {
      field: 'clientVersionPins',
      messages: [`a tool may pin at most ${MAX_CLIENT_VERSION_PINS} clients`],
    },
  ]);
}

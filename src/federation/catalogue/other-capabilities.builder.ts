import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.constants.js';
import type { RegisteredPrompt } from '../../protocol/capabilities/registered-capability.types.js';
import type { JsonObject } from '../../protocol/json-rpc/json-rpc.types.js';
import { canonicalJson } from '../../protocol/schema/canonical-json.js';
import { compact } from '../../protocol/schema/json-object.util.js';
import { type LintedKind, ToolLintService } from '../../security/tool-lint/tool-lint.service.js';
import { promptDefinitionOf } from '../../versions/prompt-definition.js';
import { PromptVersionEntity } from '../../versions/prompt-version.entity.js';
import { PromptVersionStore } from '../../versions/prompt-version.store.js';
import type { UpstreamCatalogue } from '../client/upstream-client.types.js';
import { approvedFallback, isApproved } from './approved-fallback.js';
import {
  FederatedCapabilityFactory,
  type FederatedTarget,
} from './federated-capability.factory.js';
import { recordedDefinitions } from './recorded-definitions.js';
import type { HeldTool } from './tool-catalogue.builder.js';
import type { OtherCapabilities, PendingPrompt } from './upstream-entry.js';

/** An upstream's resources, templates and prompts as served, and what of them is held. */
export interface BuiltOthers {
  readonly others: OtherCapabilities;
  readonly held: readonly HeldTool[];
  readonly pendingPrompts: readonly PendingPrompt[];
}

/**
 * Governs an upstream's resources, templates and prompts like its tools (docs/federation.md
 * "Versions"): each is linted for poisoning (`MCP_TOOL_LINT`; with `block` one with findings is
 * held); prompt definitions are recorded in `prompt_versions` like local ones and, under
 * `MCP_TOOL_APPROVAL=required`, served only once approved — the approved earlier definition kept
 * meanwhile if its arguments are the same.
 */
@Injectable()
export class OtherCapabilitiesBuilder {
  private readonly approvalRequired: boolean;

  constructor(
    private readonly factory: FederatedCapabilityFactory,
    private readonly lint: ToolLintService,
    private readonly prompts: PromptVersionStore,
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.approvalRequired = config.mcp.toolApproval === 'required';
  }

  async build(catalogue: UpstreamCatalogue, target: FederatedTarget): Promise<BuiltOthers> {
    const held: HeldTool[] = [];
    const listed = this.factory.catalogueOf(catalogue, target);
    const resources = listed.resources.filter((resource) =>
      this.passes('resource', resource.uri, proseOf(resource.listing), held),
    );
    const resourceTemplates = listed.resourceTemplates.filter((template) =>
      this.passes('resource template', template.uriTemplate, proseOf(template.listing), held),
    );
    const { prompts, pendingPrompts } = await this.servedPrompts(listed.prompts, target, held);
    return { others: { resources, resourceTemplates, prompts }, held, pendingPrompts };
  }

  private async servedPrompts(
    listed: readonly RegisteredPrompt[],
    target: FederatedTarget,
    held: HeldTool[],
  ): Promise<{ prompts: RegisteredPrompt[]; pendingPrompts: PendingPrompt[] }> {
    const current = listed.map((prompt) => {
      const { definitionSha256, ...fields } = promptDefinitionOf(prompt);
      const clean = this.passes('prompt', prompt.name, fields, held);
      return { prompt, fields, sha256: clean ? definitionSha256 : undefined };
    });
    await this.prompts.recordDefinitions(
      current.flatMap(({ prompt, sha256 }) =>
        sha256 === undefined ? [] : [promptDefinitionOf(prompt)],
      ),
      this.approvalRequired,
    );
    const recorded = await recordedDefinitions(
      this.dataSource,
      PromptVersionEntity,
      current.map(({ prompt }) => prompt.name),
    );
    const prefix = `${target.upstream}${target.separator}`;
    const pendingPrompts = [...recorded].flatMap(([prompt, rows]) =>
      rows.flatMap(({ status, definitionSha256 }) =>
        status === 'pending' ? [{ prompt, definitionSha256 }] : [],
      ),
    );
    const prompts = current.flatMap(({ prompt, fields, sha256 }) => {
      const rows = recorded.get(prompt.name) ?? [];
      if (sha256 !== undefined && isApproved(rows, sha256)) return [prompt];
      const earlier = approvedFallback(
        rows,
        sha256,
        (definition) =>
          canonicalJson(definition['arguments'] ?? []) === canonicalJson(fields.arguments),
      );
      if (earlier === undefined) return [];
      const approved = this.factory.prompt(recordedListing(earlier, prefix), target);
      return approved === undefined ? [] : [approved];
    });
    return { prompts, pendingPrompts };
  }

  /** Lint of the fields that reach the model; `false` (and held) when the lint blocks them. */
  private passes(
    kind: Exclude<LintedKind, 'tool'>,
    name: string,
    fields: Readonly<Record<string, unknown>>,
    held: HeldTool[],
  ): boolean {
    try {
      this.lint.enforceFields(kind, name, fields);
      return true;
    } catch (error) {
      held.push({ name, reason: (error as Error).message });
      return false;
    }
  }
}

/** What of a resource or template listing reaches the model as prose. */
function proseOf({ name, title, description }: JsonObject): Record<string, unknown> {
  return compact({ name, title, description });
}

/** The upstream's listing of a recorded prompt definition (`prompt_versions.definition`). */
function recordedListing(definition: JsonObject, prefix: string): JsonObject {
  const { name, title, description, arguments: args } = definition;
  return compact({
    name: typeof name === 'string' ? name.slice(prefix.length) : name,
    title,
    description,
    arguments: args,
  });
}

import type { CapabilityRegistry } from '../../protocol/capabilities/capability-registry.js';
import type { AccessRequirements } from '../../protocol/capabilities/capability.types.js';
import type { JsonObject } from '../../protocol/json-rpc/json-rpc.types.js';
import type { PolicyCapabilityKind } from '../../policy/capability-policy.js';
import { promptDefinitionOf } from '../../versions/prompt-definition.js';

/** The admin API's two groups of non-tool capabilities, one per endpoint family. */
export type CapabilityFamily = 'prompts' | 'resources';

/** The kinds under `/admin/api/prompts` and `/resources` (skills have their own endpoints). */
export type DeclaredCapabilityKind = Exclude<PolicyCapabilityKind, 'skill'>;

/** A prompt, resource or resource template the running code declares. */
export interface DeclaredCapability {
  readonly kind: DeclaredCapabilityKind;
  /** Prompt name, resource URI or URI template: its policy key and its path segment. */
  readonly name: string;
  /** As served in `prompts/list`, `resources/list` or `resources/templates/list`. */
  readonly listing: JsonObject;
  /** Prompts only: the identity `prompt_versions` records (PromptVersionRecorder). */
  readonly definitionSha256?: string;
  /** `@McpRoles`, `@McpScopes`, `@McpPublic` on its handler. */
  readonly access: AccessRequirements;
}

/**
 * The declared capabilities of a family, sorted as the registry lists them. Resources come
 * before templates, so a resource URI equal to some template's text (a template without
 * variables) is the resource: the first match wins.
 */
export function declaredCapabilities(
  registry: CapabilityRegistry,
  family: CapabilityFamily,
): DeclaredCapability[] {
  if (family === 'prompts') {
    return registry.prompts().map((prompt) => ({
      kind: 'prompt',
      name: prompt.name,
      listing: prompt.listing,
      access: prompt.access,
      definitionSha256: promptDefinitionOf(prompt).definitionSha256,
    }));
  }
  return [
    ...registry.resources().map((resource) => ({
      kind: 'resource' as const,
      name: resource.uri,
      listing: resource.listing,
      access: resource.access,
    })),
    ...registry.resourceTemplates().map((template) => ({
      kind: 'resource-template' as const,
      name: template.uriTemplate,
      listing: template.listing,
      access: template.access,
    })),
  ];
}

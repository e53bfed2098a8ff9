import type { Principal } from '../context/principal.js';
import type {
  RegisteredCompletion,
  RegisteredPrompt,
  RegisteredResource,
  RegisteredResourceTemplate,
  RegisteredTool,
  ResourceListSource,
} from './registered-capability.types.js';
import type { CompletionReference } from './capability.types.js';

/**
 * Read side of the capability registry, filled once at boot by discovery and frozen.
 * Lists are sorted (tools by name: 2026-07-28 asks for a deterministic order).
 * Abstract class so it doubles as the DI token.
 */
export abstract class CapabilityRegistry {
  /** The served version of every tool (one per name), sorted by name. */
  abstract tools(): readonly RegisteredTool[];
  abstract findTool(name: string): RegisteredTool | undefined;
  /** {@link tools} as served to `principal`'s client (a policy may pin other versions for it). */
  abstract toolsFor(principal: Principal): readonly RegisteredTool[];
  /** {@link findTool} as served to `principal`'s client. */
  abstract findToolFor(name: string, principal: Principal): RegisteredTool | undefined;
  /** Every declared version of every tool, for `tool_versions` and the admin API. */
  abstract allToolVersions(): readonly RegisteredTool[];
  abstract resources(): readonly RegisteredResource[];
  abstract findResource(uri: string): RegisteredResource | undefined;
  abstract resourceTemplates(): readonly RegisteredResourceTemplate[];
  /** The templates whose resources `resources/list` names after the static ones, in order. */
  abstract resourceListSources(): readonly ResourceListSource[];
  /** First template whose pattern matches `uri`, with its variables. */
  abstract matchResourceTemplate(
    uri: string,
  ): { template: RegisteredResourceTemplate; variables: Record<string, string> } | undefined;
  abstract prompts(): readonly RegisteredPrompt[];
  abstract findPrompt(name: string): RegisteredPrompt | undefined;
  abstract findCompletion(
    ref: CompletionReference,
    argument: string,
  ): RegisteredCompletion | undefined;
}

import type {
  RegisteredPrompt,
  RegisteredResource,
  RegisteredResourceTemplate,
  RegisteredTool,
} from './registered-capability.types.js';

/**
 * Capabilities whose set changes while the server runs (federated upstreams, docs/federation.md
 * "Registry integration"): handed to the registry as a whole and swapped in atomically, beside
 * the ones discovered at boot.
 */
export interface DynamicCapabilities {
  /** Tool name → its declared versions, the one to prefer last (as the served-version choice reads them). */
  readonly toolVersions: ReadonlyMap<string, readonly RegisteredTool[]>;
  readonly resources: readonly RegisteredResource[];
  readonly resourceTemplates: readonly RegisteredResourceTemplate[];
  readonly prompts: readonly RegisteredPrompt[];
}

export const NO_DYNAMIC_CAPABILITIES: DynamicCapabilities = Object.freeze({
  toolVersions: new Map<string, readonly RegisteredTool[]>(),
  resources: Object.freeze([]),
  resourceTemplates: Object.freeze([]),
  prompts: Object.freeze([]),
});

/**
 * The dynamic side of the capability registry. The registry implements it; a source of dynamic
 * capabilities (the federation) replaces its whole set. Abstract class so it doubles as the DI token.
 */
export abstract class DynamicCapabilityServing {
  /**
   * Replaces the dynamic capabilities. Names and URIs the boot-time capabilities already declare
   * are left out (the local one wins); they are returned so the caller can report them.
   */
  abstract replaceDynamic(capabilities: DynamicCapabilities): readonly string[];
  /**
   * Called after every replacement, so the served tool versions choose again among the new
   * declarations. Returns the function that removes the listener.
   */
  abstract onDeclarationsChanged(listener: () => void): () => void;
}

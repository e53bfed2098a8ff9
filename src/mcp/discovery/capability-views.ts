import type { DynamicCapabilities } from '../../protocol/capabilities/dynamic-capabilities.js';
import type {
  RegisteredPrompt,
  RegisteredResource,
  RegisteredResourceTemplate,
  RegisteredTool,
} from '../../protocol/capabilities/registered-capability.types.js';

/** What the explorer registered at boot, frozen. */
export interface LocalCapabilities {
  /** Versions sorted lowest label first. */
  readonly toolVersions: ReadonlyMap<string, readonly RegisteredTool[]>;
  readonly resourcesByUri: ReadonlyMap<string, RegisteredResource>;
  readonly templatesByPattern: ReadonlyMap<string, RegisteredResourceTemplate>;
  readonly promptsByName: ReadonlyMap<string, RegisteredPrompt>;
}

/**
 * The registry's read views: the local capabilities and the dynamic ones merged, lists sorted
 * by code units (deterministic across instances, 2026-07-28 tools/list). Built at admin rate
 * and swapped as one object, so a reader sees either the old or the new set.
 */
export interface CapabilityViews {
  readonly toolVersions: ReadonlyMap<string, readonly RegisteredTool[]>;
  readonly allToolList: readonly RegisteredTool[];
  readonly resourcesByUri: ReadonlyMap<string, RegisteredResource>;
  readonly resourceList: readonly RegisteredResource[];
  readonly templateList: readonly RegisteredResourceTemplate[];
  readonly promptsByName: ReadonlyMap<string, RegisteredPrompt>;
  readonly promptList: readonly RegisteredPrompt[];
  /** Dynamic names and URIs left out because a local capability declares them. */
  readonly clashes: readonly string[];
}

export const byKey =
  <T>(key: (item: T) => string) =>
  (a: T, b: T): number =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;

export const byToolName = byKey<RegisteredTool>((tool) => tool.definition.name);

export function buildCapabilityViews(
  local: LocalCapabilities,
  dynamic: DynamicCapabilities,
): CapabilityViews {
  const clashes: string[] = [];
  const merged = <K, V>(own: ReadonlyMap<K, V>, extra: Iterable<[K, V]>): Map<K, V> => {
    const all = new Map(own);
    for (const [key, value] of extra) {
      if (own.has(key)) clashes.push(String(key));
      else all.set(key, value);
    }
    return all;
  };
  const toolVersions = merged(local.toolVersions, dynamic.toolVersions);
  const resourcesByUri = merged(
    local.resourcesByUri,
    dynamic.resources.map((r): [string, RegisteredResource] => [r.uri, r]),
  );
  const templates = merged(
    local.templatesByPattern,
    dynamic.resourceTemplates.map((t): [string, RegisteredResourceTemplate] => [t.uriTemplate, t]),
  );
  const promptsByName = merged(
    local.promptsByName,
    dynamic.prompts.map((p): [string, RegisteredPrompt] => [p.name, p]),
  );
  return {
    toolVersions,
    allToolList: Object.freeze([...toolVersions.values()].flat().sort(byToolName)),
    resourcesByUri,
    resourceList: Object.freeze([...resourcesByUri.values()].sort(byKey((r) => r.uri))),
    templateList: Object.freeze([...templates.values()].sort(byKey((t) => t.uriTemplate))),
    promptsByName,
    promptList: Object.freeze([...promptsByName.values()].sort(byKey((p) => p.name))),
    clashes,
  };
}

/** The default choice: the last (for local tools, the highest) declared version of each tool. */
export function lastOfEach(
  toolVersions: ReadonlyMap<string, readonly RegisteredTool[]>,
): Map<string, RegisteredTool> {
  const last = new Map<string, RegisteredTool>();
  for (const [name, versions] of toolVersions) {
    const tool = versions[versions.length - 1];
    if (tool !== undefined) last.set(name, tool);
  }
  return last;
}

/** The tools one audience is served: by name for calls, the sorted list for `tools/list`. */
export interface ServedTools {
  readonly byName: ReadonlyMap<string, RegisteredTool>;
  readonly list: readonly RegisteredTool[];
}

export function servedTools(byName: ReadonlyMap<string, RegisteredTool>): ServedTools {
  return { byName, list: Object.freeze([...byName.values()].sort(byToolName)) };
}

/** A template as the explorer registers it: with its variable names, to check completions. */
export type DiscoveredResourceTemplate = RegisteredResourceTemplate & {
  readonly variables: readonly string[];
};

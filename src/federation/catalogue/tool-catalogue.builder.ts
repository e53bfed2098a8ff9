import type { RegisteredTool } from '../../protocol/capabilities/registered-capability.types.js';
import type { JsonObject } from '../../protocol/json-rpc/json-rpc.types.js';
import { canonicalJson } from '../../protocol/schema/canonical-json.js';
import { approvedFallback, type RecordedDefinition } from './approved-fallback.js';
import type { FederatedToolFields, FederatedToolTarget } from './federated-tool.factory.js';

/** Served tool names (tools §Tool names). */
const TOOL_NAME = /^[A-Za-z0-9_.-]{1,128}$/;

/** An upstream tool that is not served as the upstream lists it, and why. */
export interface HeldTool {
  readonly name: string;
  readonly reason: string;
}

/** What the catalogue of one upstream needs of the rest of the federation. */
export interface ToolCatalogueParts {
  readonly upstream: string;
  readonly separator: string;
  fieldsOf(servedName: string, tool: JsonObject): FederatedToolFields | undefined;
  recordedFields(definition: JsonObject): FederatedToolFields;
  create(fields: FederatedToolFields, target: FederatedToolTarget): RegisteredTool;
  /** Lint findings of the definition (empty: clean), or throws when the lint blocks it. */
  lint(tool: RegisteredTool): void;
  target(toolName: string): FederatedToolTarget;
}

export interface CurrentTool {
  readonly toolName: string;
  /** The listed input schema, also of a definition the lint refused. */
  readonly inputSchema: JsonObject;
  /** `undefined`: the listed definition is refused (see `held`). */
  readonly tool?: RegisteredTool;
}

/** The current definitions of an upstream's tools, before the recorded state is known. */
export interface CurrentTools {
  readonly tools: ReadonlyMap<string, CurrentTool>;
  readonly held: HeldTool[];
}

/** Builds (and lints) the upstream's tools as it lists them now, under their served names. */
export function currentTools(
  listed: readonly JsonObject[],
  parts: ToolCatalogueParts,
): CurrentTools {
  const tools = new Map<string, CurrentTool>();
  const held: HeldTool[] = [];
  for (const listing of listed) {
    const toolName = listing['name'];
    if (typeof toolName !== 'string') continue;
    const served = `${parts.upstream}${parts.separator}${toolName}`;
    if (!TOOL_NAME.test(served)) {
      held.push({ name: served, reason: 'not a valid tool name once namespaced' });
      continue;
    }
    const fields = parts.fieldsOf(served, listing);
    if (fields === undefined) {
      held.push({ name: served, reason: 'malformed definition' });
      continue;
    }
    try {
      const tool = parts.create(fields, parts.target(toolName));
      parts.lint(tool);
      tools.set(served, { toolName, inputSchema: fields.inputSchema, tool });
    } catch (error) {
      // Not served as listed; an approved earlier definition may still be (see declaredVersions).
      held.push({ name: served, reason: (error as Error).message });
      tools.set(served, { toolName, inputSchema: fields.inputSchema });
    }
  }
  return { tools, held };
}

/**
 * The declared versions of each federated tool, the one to prefer last (docs/federation.md
 * "Versions"): the definition the upstream lists now and, while that one is not approved (or was
 * refused by the lint), the latest approved earlier definition, so the served-version choice keeps
 * serving it meanwhile. An earlier definition with another `inputSchema` is never served in its
 * place: calls shaped for it could mean something else now, so the tool is withheld instead.
 */
export function declaredVersions(
  current: CurrentTools,
  recorded: ReadonlyMap<string, readonly RecordedDefinition[]>,
  parts: ToolCatalogueParts,
): Map<string, RegisteredTool[]> {
  const declared = new Map<string, RegisteredTool[]>();
  for (const [served, { toolName, tool, inputSchema }] of current.tools) {
    const versions: RegisteredTool[] = [];
    const earlier = approvedFallback(
      recorded.get(served) ?? [],
      tool?.definition.definitionSha256,
      (definition) =>
        canonicalJson(parts.recordedFields(definition).inputSchema) === canonicalJson(inputSchema),
    );
    if (earlier !== undefined) {
      versions.push(parts.create(parts.recordedFields(earlier), parts.target(toolName)));
    }
    if (tool !== undefined) versions.push(tool);
    if (versions.length > 0) declared.set(served, versions);
  }
  return declared;
}

/**
 * The tools of recorded definitions (served name → definition), one version each: an upstream
 * not reached yet is served as last approved (docs/federation.md "Health"). A definition that no
 * longer builds is left out with a warning.
 */
export function toolsAsRecorded(
  definitions: ReadonlyMap<string, JsonObject>,
  parts: ToolCatalogueParts,
  { prefix, warn }: { readonly prefix: string; readonly warn: (message: string) => void },
): Map<string, readonly RegisteredTool[]> {
  const tools = new Map<string, readonly RegisteredTool[]>();
  for (const [served, definition] of definitions) {
    try {
      const fields = parts.recordedFields(definition);
      tools.set(served, [parts.create(fields, parts.target(served.slice(prefix.length)))]);
    } catch (error) {
      warn(`recorded ${served} not served: ${(error as Error).message}`);
    }
  }
  return tools;
}

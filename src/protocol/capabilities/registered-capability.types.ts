import type { McpHandlerContext } from '../context/handler-context.js';
import type { JsonObject } from '../json-rpc/json-rpc.types.js';
import type {
  AccessRequirements,
  CompletionReference,
  McpPromptArgument,
  ToolDefinition,
} from './capability.types.js';

/** Result of a precompiled validator: `undefined` when valid, else a message naming the fields. */
export type SchemaCheck = (value: unknown) => string | undefined;

/**
 * Tool arguments after the tool's input checks: what its handler receives (the arguments
 * themselves, or an instance of the input DTO), or every problem found, naming the fields.
 */
export type ToolInput =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly problems: string };

/** The input checks of one tool, built at boot. */
export type ToolInputParser = (args: JsonObject) => Promise<ToolInput>;

/** Where a capability came from, for boot errors and logs (`ClassName.methodName`). */
export interface HandlerSource {
  readonly className: string;
  readonly methodName: string;
}

/**
 * A discovered tool, ready to call. `parseInput` checks the arguments and shapes them for the
 * handler; `invoke` runs the handler on that input through Nest's external context (guards,
 * interceptors, pipes) and returns the normalized `CallToolResult`.
 */
export interface RegisteredTool {
  readonly kind: 'tool';
  readonly definition: ToolDefinition;
  /** The `Tool` object as served in `tools/list` (built once at boot). */
  readonly listing: JsonObject;
  readonly access: AccessRequirements;
  readonly source: HandlerSource;
  /**
   * `false` when the annotations are another server's word (a federated upstream's): hints to
   * pass on, never a reason to relax a guarantee such as the audit rule. Absent: the code's own.
   */
  readonly annotationsTrusted?: false;
  readonly parseInput: ToolInputParser;
  readonly validateOutput: SchemaCheck | undefined;
  invoke(input: unknown, context: McpHandlerContext): Promise<JsonObject>;
}

export interface RegisteredResource {
  readonly kind: 'resource';
  readonly uri: string;
  /** The `Resource` object as served in `resources/list`. */
  readonly listing: JsonObject;
  readonly access: AccessRequirements;
  readonly source: HandlerSource;
  /** Returns the `ReadResourceResult` (`{ contents: [...] }`). */
  read(uri: string, context: McpHandlerContext): Promise<JsonObject>;
  /** See {@link SubscriptionForwarding}; absent: a subscription stays on this server. */
  readonly subscribe?: SubscriptionForwarding;
}

/**
 * Forwards a client's `resources/subscribe` of `uri` to the server that owns it (a federated
 * resource, docs/federation.md "Resources and prompts"). Resolves once that server accepted, with
 * the function that ends the forwarded subscription (never rejects); rejects with the error to
 * answer the client, having changed nothing.
 */
export type SubscriptionForwarding = (
  uri: string,
  context: McpHandlerContext,
) => Promise<() => Promise<void>>;

export interface RegisteredResourceTemplate {
  readonly kind: 'resource-template';
  readonly uriTemplate: string;
  /** The `ResourceTemplate` object as served in `resources/templates/list`. */
  readonly listing: JsonObject;
  readonly access: AccessRequirements;
  readonly source: HandlerSource;
  /** Variables extracted from `uri`, or `undefined` if it does not match. */
  match(uri: string): Record<string, string> | undefined;
  read(
    uri: string,
    variables: Record<string, string>,
    context: McpHandlerContext,
  ): Promise<JsonObject>;
  /** See {@link SubscriptionForwarding}; absent: a subscription stays on this server. */
  readonly subscribe?: SubscriptionForwarding;
}

/** One concrete resource a template's lister names in `resources/list` (schema `Resource`). */
export interface ListedResource {
  readonly uri: string;
  readonly name: string;
  readonly title?: string;
  readonly description?: string;
  readonly mimeType?: string;
  readonly size?: number;
}

/** A page of a lister: `nextCursor` is the lister's own, opaque to the engine. */
export interface ResourceListPage {
  readonly resources: readonly ListedResource[];
  readonly nextCursor?: string;
}

/** Lists the resources of one template (`@McpResourceList`): what a client can browse. */
export interface RegisteredResourceLister {
  readonly uriTemplate: string;
  readonly source: HandlerSource;
  list(
    request: { readonly cursor: string | undefined; readonly limit: number },
    context: McpHandlerContext,
  ): Promise<ResourceListPage>;
}

/** A lister with its template, whose access rules decide who sees the listed resources. */
export interface ResourceListSource {
  readonly template: RegisteredResourceTemplate;
  readonly lister: RegisteredResourceLister;
}

export interface RegisteredPrompt {
  readonly kind: 'prompt';
  readonly name: string;
  readonly arguments: readonly McpPromptArgument[];
  /** The `Prompt` object as served in `prompts/list`. */
  readonly listing: JsonObject;
  readonly access: AccessRequirements;
  readonly source: HandlerSource;
  /** Returns the `GetPromptResult` (`{ description?, messages: [...] }`). */
  get(args: Record<string, string>, context: McpHandlerContext): Promise<JsonObject>;
}

export interface RegisteredCompletion {
  readonly ref: CompletionReference;
  readonly argument: string;
  readonly source: HandlerSource;
  /** Returns candidate values (the dispatcher caps them at 100, spec completion §Result). */
  complete(
    value: string,
    context: { readonly arguments: Record<string, string> },
    handlerContext: McpHandlerContext,
  ): Promise<readonly string[]>;
}

export type RegisteredCapability =
  RegisteredTool | RegisteredResource | RegisteredResourceTemplate | RegisteredPrompt;

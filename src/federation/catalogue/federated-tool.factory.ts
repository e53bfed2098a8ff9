import { Injectable, Optional } from '@nestjs/common';

import { CallerTokens } from '../../auth/caller-tokens.js';

import { servedOutputSchema } from '../../mcp/approvals/awaiting-approval.schema.js';
import { toolListing } from '../../mcp/discovery/mcp-tool.factory.js';
import { normalizeToolResult } from '../../mcp/discovery/result-normalizer.js';
import { failedRunResult } from '../../mcp/dispatcher/tool-call.results.js';
import { JsonSchemaCompiler } from '../../mcp/schema/json-schema.compiler.js';
import { toolInputParser } from '../../mcp/schema/tool-input.parser.js';
import type {
  JsonSchema,
  ToolAnnotations,
  ToolDefinition,
} from '../../protocol/capabilities/capability.types.js';
import type { RegisteredTool } from '../../protocol/capabilities/registered-capability.types.js';
import type { McpHandlerContext } from '../../protocol/context/handler-context.js';
import { isLogLevel } from '../../protocol/context/mcp-session.js';
import type { JsonObject } from '../../protocol/json-rpc/json-rpc.types.js';
import { definitionDigest } from '../../protocol/schema/definition-digest.js';
import { compact, deepFreeze } from '../../protocol/schema/json-object.util.js';
import { withTraceMeta } from '../../tracing/trace-context.writer.js';
import { UpstreamUnavailableError, type UpstreamClient } from '../client/upstream-client.types.js';
import { upstreamErrorOf } from './upstream-errors.js';
import { ownResult } from './upstream-result.js';

/** The hashed fields of a federated tool, under its served (namespaced) name. */
export interface FederatedToolFields {
  readonly name: string;
  readonly title?: string;
  readonly description: string;
  readonly inputSchema: JsonSchema;
  /** As served: see {@link servedOutputSchema}. */
  readonly outputSchema?: JsonSchema;
  readonly annotations?: ToolAnnotations;
}

/** Where a federated tool's calls go: the upstream and the tool's own name there. */
export interface FederatedToolTarget {
  readonly upstream: string;
  readonly toolName: string;
  readonly client: UpstreamClient;
  /** The upstream's credential is an RFC 8693 exchange of the caller's token. */
  readonly exchangesCallerToken: boolean;
}

const DEFAULT_INPUT_SCHEMA: JsonSchema = Object.freeze({ type: 'object', properties: {} });
/** Version labels of federated tools: the upstream declares none, so the definition names it. */
const LABEL_PREFIX = 'up-';

/** The version label of a federated definition: its digest, shortened (docs/federation.md "Versions"). */
export function federatedVersionLabel(definitionSha256: string): string {
  return `${LABEL_PREFIX}${definitionSha256.slice(0, 12)}`;
}

/** Whether `version` is a label {@link federatedVersionLabel} gives (local tools name their own). */
export function isFederatedVersionLabel(version: string): boolean {
  return (
    version.startsWith(LABEL_PREFIX) && /^[0-9a-f]{12}$/.test(version.slice(LABEL_PREFIX.length))
  );
}

/**
 * Turns an upstream's tool into a `RegisteredTool` of ours (docs/federation.md "Registry
 * integration"): the same hashed definition, listing, input checks and output checks as a local
 * tool, so the dispatcher applies policy, limits, approval, idempotency and audit unchanged; its
 * handler calls the upstream over the one connection of that upstream.
 */
@Injectable()
export class FederatedToolFactory {
  constructor(
    private readonly compiler: JsonSchemaCompiler,
    // Absent with auth off or in unit harnesses: there is then no caller token to exchange.
    @Optional() private readonly callerTokens?: CallerTokens,
  ) {}

  /** The fields of a tool as `tools/list` of the upstream gives it; `undefined` if unusable. */
  fieldsOf(servedName: string, tool: JsonObject): FederatedToolFields | undefined {
    const { title, description, inputSchema, outputSchema, annotations } = tool;
    if (inputSchema !== undefined && !isObject(inputSchema)) return undefined;
    if (outputSchema !== undefined && !isObject(outputSchema)) return undefined;
    const hints = isObject(annotations) ? (annotations as ToolAnnotations) : undefined;
    return compact({
      name: servedName,
      title: typeof title === 'string' ? title : undefined,
      description: typeof description === 'string' ? description : '',
      inputSchema: inputSchema ?? DEFAULT_INPUT_SCHEMA,
      outputSchema: servedOutputSchema(outputSchema, hints),
      annotations: hints,
    });
  }

  /** The fields of a recorded definition (`tool_versions.definition`). */
  recordedFields(definition: JsonObject): FederatedToolFields {
    const { name, title, description, inputSchema, outputSchema, annotations } =
      definition as unknown as FederatedToolFields;
    return compact({ name, title, description, inputSchema, outputSchema, annotations });
  }

  /** @throws Error when a schema does not compile (the tool is then not served) */
  create(fields: FederatedToolFields, target: FederatedToolTarget): RegisteredTool {
    const hashed = compact({ ...fields }) as unknown as JsonObject;
    const definitionSha256 = definitionDigest(hashed);
    const version = federatedVersionLabel(definitionSha256);
    const definition = deepFreeze({
      ...hashed,
      version,
      definitionSha256,
    }) as unknown as ToolDefinition;
    const checkInput = this.compiler.compile(fields.inputSchema, 'arguments');
    const validateOutput =
      fields.outputSchema === undefined
        ? undefined
        : this.compiler.compile(fields.outputSchema, 'structuredContent');
    const retryable =
      fields.annotations?.readOnlyHint === true || fields.annotations?.idempotentHint === true;
    return Object.freeze({
      kind: 'tool',
      definition,
      listing: toolListing(hashed, version, definitionSha256),
      // Access is the operator's policy of the served name (tool_policies), as for a local tool
      // without decorators: open to every authenticated principal until restricted.
      access: { roles: [], scopes: [], isPublic: false },
      source: { className: `upstream:${target.upstream}`, methodName: target.toolName },
      annotationsTrusted: false,
      parseInput: toolInputParser(undefined, checkInput, 'arguments'),
      validateOutput,
      invoke: (input: unknown, context: McpHandlerContext) =>
        callUpstream(target, input as JsonObject, context, {
          retryable,
          hasOutputSchema: validateOutput !== undefined,
          // Only the exchange sees the caller's token; it is never sent upstream as is.
          subjectToken: target.exchangesCallerToken
            ? this.callerTokens?.tokenOf(context.principal)
            : undefined,
        }),
    } satisfies RegisteredTool);
  }
}

interface CallOptions {
  readonly retryable: boolean;
  readonly hasOutputSchema: boolean;
  readonly subjectToken: string | undefined;
}

async function callUpstream(
  { client, upstream, toolName }: FederatedToolTarget,
  args: JsonObject,
  context: McpHandlerContext,
  { retryable, hasOutputSchema, subjectToken }: CallOptions,
): Promise<JsonObject> {
  try {
    const result = await client.callTool(toolName, args, {
      signal: context.signal,
      retryable,
      ...(subjectToken === undefined ? {} : { subjectToken }),
      // The upstream continues our trace (docs/tracing.md "Propagation").
      meta: withTraceMeta(),
      // Its log messages about this call reach our caller at the level the caller set.
      onLog: (params) => relayLog(params, context, upstream),
      onProgress: (params) => {
        const { progress, total, message } = params;
        if (typeof progress !== 'number') return;
        context.reportProgress(
          progress,
          typeof total === 'number' ? total : undefined,
          typeof message === 'string' ? message : undefined,
        );
      },
    });
    return normalizeToolResult(ownResult(result), hasOutputSchema);
  } catch (error) {
    // A down upstream is the tool's failure, said plainly (docs/federation.md "Health").
    if (error instanceof UpstreamUnavailableError) return failedRunResult(error.message);
    throw upstreamErrorOf(error, upstream) ?? error;
  }
}

function relayLog(params: JsonObject, context: McpHandlerContext, upstream: string): void {
  const level = params['level'];
  if (!isLogLevel(level)) return;
  const logger =
    typeof params['logger'] === 'string' ? `${upstream}/${params['logger']}` : upstream;
  context.log.log(level, params['data'] ?? null, logger);
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

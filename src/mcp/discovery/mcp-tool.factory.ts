import { Injectable, Logger, Optional } from '@nestjs/common';

import { IsolatedToolPools } from '../../security/isolation/isolated-tool-pools.service.js';
import type { McpHandlerContext } from '../../protocol/context/handler-context.js';
import type { JsonObject } from '../../protocol/json-rpc/json-rpc.types.js';
import { definitionDigest } from '../../protocol/schema/definition-digest.js';
import { servedOutputSchema } from '../approvals/awaiting-approval.schema.js';
import { JsonSchemaCompiler } from '../schema/json-schema.compiler.js';
import { compact, deepFreeze } from '../../protocol/schema/json-object.util.js';
import { resolveSchemaSource } from '../schema/schema-source.js';
import { toolInputParser } from '../schema/tool-input.parser.js';
import type {
  AccessRequirements,
  JsonSchema,
  SchemaSource,
  ToolDefinition,
} from '../../protocol/capabilities/capability.types.js';
import { McpHandlerFactory } from './mcp-handler.factory.js';
import type { McpToolMetadata } from './mcp-metadata.types.js';
import type {
  HandlerSource,
  RegisteredTool,
  SchemaCheck,
  ToolInputParser,
} from '../../protocol/capabilities/registered-capability.types.js';
import { normalizeToolResult } from './result-normalizer.js';

export const DEFAULT_TOOL_VERSION = '1.0.0';
const DEFAULT_INPUT_SCHEMA: JsonSchema = deepFreeze({ type: 'object', properties: {} });
const META_SHA = 'io.github.enterprise-mcp/definitionSha256';
const META_VERSION = 'io.github.enterprise-mcp/version';

/**
 * The `Tool` object of `tools/list`: the hashed definition, and its version and hash in `_meta`
 * (for local and federated tools alike).
 */
export function toolListing(
  hashed: JsonObject,
  version: string,
  definitionSha256: string,
  taskSupport?: string,
): JsonObject {
  return deepFreeze({
    ...hashed,
    // `Tool.execution` (2025-11-25 schema); later revisions allow the extra member.
    ...(taskSupport === undefined ? {} : { execution: { taskSupport } }),
    _meta: { [META_SHA]: definitionSha256, [META_VERSION]: version },
  });
}

/**
 * Turns one `@McpTool` method into a `RegisteredTool`: schemas resolved and compiled, the
 * definition hashed, the `tools/list` entry and the Nest-wrapped handler built — all once, at
 * boot, so a call only validates, invokes and normalizes.
 */
@Injectable()
export class McpToolFactory {
  private readonly logger = new Logger('McpTool');

  constructor(
    private readonly compiler: JsonSchemaCompiler,
    private readonly handlers: McpHandlerFactory,
    /** From the global SecurityModule the application always loads (needed by isolated tools). */
    @Optional() private readonly isolatedPools?: IsolatedToolPools,
  ) {}

  create(
    instance: object,
    metadata: McpToolMetadata,
    access: AccessRequirements,
    source: HandlerSource,
  ): RegisteredTool {
    const where = `${source.className}.${source.methodName}`;
    const inputSchema = this.schema(where, 'input', metadata.input) ?? DEFAULT_INPUT_SCHEMA;
    const outputSchema = this.schema(where, 'output', metadata.output);
    const parseInput = this.inputParser(where, metadata.input, inputSchema);
    const validateOutput = outputSchema && this.compile(where, outputSchema, 'structuredContent');
    const { name, title, description, timeoutMs, taskSupport, taskInputs } = metadata;
    const annotations = metadata.annotations && { ...metadata.annotations };
    const version = metadata.version ?? DEFAULT_TOOL_VERSION;
    const hashed = compact({
      name,
      title,
      description,
      inputSchema,
      outputSchema: servedOutputSchema(outputSchema, annotations),
      annotations,
    });
    const definitionSha256 = definitionDigest(hashed);
    const definition = deepFreeze(
      compact({ ...hashed, version, definitionSha256, timeoutMs, taskSupport, taskInputs }),
    ) as unknown as ToolDefinition;
    const listing = toolListing(hashed, version, definitionSha256, taskSupport);
    const handler = this.handlers.create(
      instance,
      source.methodName,
      source,
      this.isolatedBody(where, metadata, source),
    );
    const checkOutput = validateOutput && this.outputChecker(where, validateOutput);
    const tool: RegisteredTool = {
      kind: 'tool',
      definition,
      listing,
      access,
      source,
      parseInput,
      validateOutput,
      async invoke(input, context) {
        const result = normalizeToolResult(
          await handler(input, context),
          outputSchema !== undefined,
        );
        return checkOutput ? checkOutput(result) : result;
      },
    };
    return Object.freeze(tool);
  }

  /**
   * An isolated tool's body: the call goes to its worker pool, bounded by the call's signal.
   * The input crosses by structured clone, so a DTO instance arrives as its plain values.
   */
  private isolatedBody(
    where: string,
    metadata: McpToolMetadata,
    source: HandlerSource,
  ): ((input: unknown, context: McpHandlerContext) => Promise<unknown>) | undefined {
    const { isolation } = metadata;
    if (isolation === undefined) return undefined;
    if (this.isolatedPools === undefined) {
      throw new Error(`${where}: isolated tools need the SecurityModule (worker pools)`);
    }
    const pool = this.isolatedPools.create(isolation, source.methodName);
    return (input, context) => pool.run(input, context.signal);
  }

  /** @throws Error naming `Class.method` and the reason when the DTO cannot be used as declared */
  private inputParser(
    where: string,
    source: SchemaSource | undefined,
    schema: JsonSchema,
  ): ToolInputParser {
    const checkSchema = this.compile(where, schema, 'arguments');
    try {
      return toolInputParser(source, checkSchema, 'arguments');
    } catch (error) {
      throw new Error(`${where}: invalid input DTO: ${(error as Error).message}`, { cause: error });
    }
  }

  private schema(
    where: string,
    kind: string,
    source: SchemaSource | undefined,
  ): JsonSchema | undefined {
    if (source === undefined) return undefined;
    try {
      return resolveSchemaSource(source);
    } catch (error) {
      throw new Error(`${where}: invalid ${kind} schema: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }

  private compile(where: string, schema: JsonSchema, label: string): SchemaCheck {
    try {
      return this.compiler.compile(schema, label);
    } catch (error) {
      throw new Error(`${where}: ${label} schema does not compile: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }

  /**
   * Tools §Output schema: a server MUST return structured content conforming to it. A result
   * that does not is a bug of the tool, reported to the model as a tool error (it may retry)
   * and logged; the failing field path is the server's own schema, nothing internal.
   */
  private outputChecker(where: string, validate: SchemaCheck): (result: JsonObject) => JsonObject {
    return (result) => {
      if (result['isError'] === true) return result;
      const problem =
        'structuredContent' in result
          ? validate(result['structuredContent'])
          : 'structuredContent is missing although the tool declares an outputSchema';
      if (problem === undefined) return result;
      this.logger.warn(`${where} returned invalid output: ${problem}`);
      return {
        content: [{ type: 'text', text: `Tool output is invalid: ${problem}` }],
        isError: true,
      };
    };
  }
}

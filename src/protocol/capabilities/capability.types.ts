import type { Type } from '@nestjs/common';

import type { ClientInputMethod } from '../context/handler-context.js';
import type { JsonObject } from '../json-rpc/json-rpc.types.js';

/** A JSON Schema (2020-12 dialect) object, as MCP carries it. */
export type JsonSchema = JsonObject;

/** Tool behaviour hints (schema `ToolAnnotations`); untrusted by clients, never used for authz. */
export interface ToolAnnotations {
  readonly title?: string;
  readonly readOnlyHint?: boolean;
  readonly destructiveHint?: boolean;
  readonly idempotentHint?: boolean;
  readonly openWorldHint?: boolean;
}

/** Input or output schema: a class-validator DTO class, or a raw JSON Schema object. */
export type SchemaSource = Type<unknown> | JsonSchema;

export interface McpToolOptions {
  /** Defaults to the method name. `[A-Za-z0-9_.-]{1,128}` (tools §Tool names). */
  readonly name?: string;
  readonly title?: string;
  readonly description: string;
  /** Defaults to an object schema with no properties. */
  readonly input?: SchemaSource;
  readonly output?: SchemaSource;
  readonly annotations?: ToolAnnotations;
  /** Version label, default `1.0.0`; `(name, version)` is unique. */
  readonly version?: string;
  /** Per-tool timeout; the server default applies when absent (policy may override). */
  readonly timeoutMs?: number;
  /** Run the tool in a worker-thread pool with memory limits (docs/security.md "Isolation"). */
  readonly isolation?: McpToolIsolation;
  /**
   * Whether a call may run as a task of the `io.modelcontextprotocol/tasks` extension (SEP-2663;
   * 2025-11-25 `Tool.execution.taskSupport`). Default `forbidden`: always answered in line.
   */
  readonly taskSupport?: TaskSupport;
  /**
   * Client input every task of this tool needs before it exists (SEP-2663 §Task Creation: MRTR
   * exchanges are resolved synchronously first). Keyed like `ctx.requestInput`; the answers
   * reach the handler through `ctx.requestInput` with the same key.
   */
  readonly taskInputs?: Readonly<Record<string, ToolInputRequest>>;
}

export type TaskSupport = 'forbidden' | 'optional' | 'required';

/** One entry of MRTR `InputRequests` (SEP-2322). */
export interface ToolInputRequest {
  readonly method: ClientInputMethod;
  readonly params: JsonObject;
}

/**
 * A tool that runs in worker threads instead of the server's own thread (docs/security.md
 * "Isolation"): bounded heap, terminated on timeout or cancellation. Its code is a plain ES module
 * (`*.worker.mjs`) so the same file runs under the compiled build and under Vitest; the build
 * copies `*.worker.mjs` next to the compiled code (scripts/build/sources.mjs), so a URL relative to
 * `import.meta.url` resolves in both. Arguments and results cross by structured clone. The
 * decorated method's body is not run; guards, interceptors and pipes on it still are.
 */
export interface McpToolIsolation {
  /** The module, e.g. `new URL('./hash.worker.mjs', import.meta.url)` (a `file:` URL). */
  readonly worker: URL;
  /** Its exported function, called as `(args) => result | Promise<result>`; default: the method name. */
  readonly export?: string;
  /** V8 old-generation heap cap of each thread in MB (default 64). */
  readonly maxMemoryMb?: number;
  /** Threads kept for this tool (default 2); further calls wait for a free one. */
  readonly poolSize?: number;
}

export interface McpResourceOptions {
  readonly uri: string;
  readonly name: string;
  readonly title?: string;
  readonly description?: string;
  readonly mimeType?: string;
  /** Size in bytes before base64 encoding, when known. */
  readonly size?: number;
}

export interface McpResourceTemplateOptions {
  /** RFC 6570 level-1 template, e.g. `test://template/{id}/data`. */
  readonly uriTemplate: string;
  readonly name: string;
  readonly title?: string;
  readonly description?: string;
  readonly mimeType?: string;
}

export interface McpPromptArgument {
  readonly name: string;
  readonly title?: string;
  readonly description?: string;
  readonly required?: boolean;
}

export interface McpPromptOptions {
  readonly name?: string;
  readonly title?: string;
  readonly description: string;
  readonly arguments?: readonly McpPromptArgument[];
}

/** Target of `completion/complete` (schema `PromptReference` / `ResourceTemplateReference`). */
export type CompletionReference =
  | { readonly type: 'ref/prompt'; readonly name: string }
  | { readonly type: 'ref/resource'; readonly uri: string };

export interface McpCompletionOptions {
  readonly ref: CompletionReference;
  /** Argument (prompt) or template variable (resource) being completed. */
  readonly argument: string;
}

/** Final, immutable description of a tool as served (and hashed into `tool_versions`). */
export interface ToolDefinition {
  readonly name: string;
  readonly title?: string;
  readonly description: string;
  readonly inputSchema: JsonSchema;
  readonly outputSchema?: JsonSchema;
  readonly annotations?: ToolAnnotations;
  readonly version: string;
  /** SHA-256 (hex) of the canonical JSON of name, title, description, schemas, annotations. */
  readonly definitionSha256: string;
  readonly timeoutMs?: number;
  readonly taskSupport?: TaskSupport;
  readonly taskInputs?: Readonly<Record<string, ToolInputRequest>>;
}

/** Authorization requirements read from `@McpRoles`, `@McpScopes`, `@McpPublic`. */
export interface AccessRequirements {
  readonly roles: readonly string[];
  readonly scopes: readonly string[];
  readonly isPublic: boolean;
}

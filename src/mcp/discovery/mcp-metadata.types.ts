import type {
  McpCompletionOptions,
  McpPromptOptions,
  McpResourceOptions,
  McpResourceTemplateOptions,
  McpToolOptions,
} from '../../protocol/capabilities/capability.types.js';

/** What `@McpTool` stores: the options with the name resolved (default: the method name). */
export type McpToolMetadata = McpToolOptions & { readonly name: string };
export type McpPromptMetadata = McpPromptOptions & { readonly name: string };
export type McpResourceMetadata = McpResourceOptions;
export type McpResourceTemplateMetadata = McpResourceTemplateOptions;
export type McpCompletionMetadata = McpCompletionOptions;
/** What `@McpResourceList` stores: the URI template whose resources the method lists. */
export interface McpResourceListMetadata {
  readonly uriTemplate: string;
}

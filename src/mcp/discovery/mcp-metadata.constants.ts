/**
 * Reflect-metadata keys written by the MCP decorators. Namespaced (`mcp:`) so they cannot clash
 * with Nest's own keys. The auth guard reads the access keys with
 * `Reflector.getAllAndOverride(key, [handler, class])` — handler first — as the explorer does.
 */
export const MCP_TOOL_METADATA = 'mcp:tool';
export const MCP_RESOURCE_METADATA = 'mcp:resource';
export const MCP_RESOURCE_TEMPLATE_METADATA = 'mcp:resource-template';
export const MCP_PROMPT_METADATA = 'mcp:prompt';
export const MCP_COMPLETION_METADATA = 'mcp:completion';
export const MCP_RESOURCE_LIST_METADATA = 'mcp:resource-list';

/** `string[]`: the principal needs at least one of these roles. */
export const MCP_ROLES_METADATA = 'mcp:roles';
/** `string[]`: the token needs every one of these scopes (step-up, 403 `insufficient_scope`). */
export const MCP_SCOPES_METADATA = 'mcp:scopes';
/** `true`: no role or scope requirement applies. */
export const MCP_PUBLIC_METADATA = 'mcp:public';

/**
 * Parameter metadata of MCP handlers (the `ROUTE_ARGS_METADATA` of controllers), read by
 * `ExternalContextCreator` so `@UsePipes` pipes receive each positional handler argument.
 */
export const MCP_HANDLER_PARAMS_METADATA = 'mcp:handler-params';

/** `ExecutionContext.getType()` of every MCP handler invocation. */
export const MCP_CONTEXT_TYPE = 'mcp';

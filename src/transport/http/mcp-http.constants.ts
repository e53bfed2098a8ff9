/**
 * DI token of the routes {@link McpHttpListener} serves (`McpHttpRoute[]`). The transport module
 * lists them in one factory provider, so the legacy `/sse` and `/messages` routes slot in there.
 */
export const MCP_HTTP_ROUTES = Symbol('MCP_HTTP_ROUTES');

/**
 * Span attribute names of the OpenTelemetry semantic conventions for MCP and GenAI tool
 * execution (semconv `mcp.*`, `jsonrpc.*`, `gen_ai.*`). They are still "development" status, so
 * they are copied here rather than imported from the package's unstable `incubating` entry, as
 * the semantic-conventions package advises for incubating names.
 */
export const MCP_METHOD_NAME = 'mcp.method.name';
export const MCP_SESSION_ID = 'mcp.session.id';
export const MCP_PROTOCOL_VERSION = 'mcp.protocol.version';
export const MCP_RESOURCE_URI = 'mcp.resource.uri';
export const JSONRPC_REQUEST_ID = 'jsonrpc.request.id';
export const JSONRPC_PROTOCOL_VERSION = 'jsonrpc.protocol.version';
export const RPC_RESPONSE_STATUS_CODE = 'rpc.response.status_code';
export const NETWORK_TRANSPORT = 'network.transport';
export const GEN_AI_OPERATION_NAME = 'gen_ai.operation.name';
export const GEN_AI_TOOL_NAME = 'gen_ai.tool.name';
export const GEN_AI_PROMPT_NAME = 'gen_ai.prompt.name';

/** This server's own names: a tool's registered version and how its call ended (audit outcome). */
export const MCP_TOOL_VERSION = 'mcp.tool.version';
export const MCP_TOOL_OUTCOME = 'mcp.tool.outcome';

export const EXECUTE_TOOL_OPERATION = 'execute_tool';

/** The access decision on a request span: which capability, and `allow`, `hidden` or `insufficient_scope`. */
export const MCP_POLICY_DECISION_EVENT = 'mcp.policy.decision';
export const MCP_POLICY_TARGET = 'mcp.policy.target';
export const MCP_POLICY_DECISION = 'mcp.policy.decision';

/** A group commit of the audit log: rows in its statement, calls waiting for its COMMIT. */
export const MCP_AUDIT_ROWS = 'mcp.audit.rows';
export const MCP_AUDIT_WAITING_CALLS = 'mcp.audit.waiting_calls';

/**
 * Operator override of tool timeouts (a per-tool timeout is declared on the tool and
 * overridable by policy). Abstract class = DI token; nothing provides it by default, so the
 * declared `timeoutMs` (else `MCP_TOOL_TIMEOUT_MS`) applies. Read on the hot path: an
 * implementation serves from memory (refreshed out of band), never queries per call.
 */
export abstract class ToolTimeoutSource {
  /** `undefined` = no override for this tool. */
  abstract timeoutMsFor(toolName: string): number | undefined;
}

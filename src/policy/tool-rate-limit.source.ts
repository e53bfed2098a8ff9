/**
 * Operator override of a tool's call rate (`tool_policies.rate_limit_per_minute`).
 * Abstract class = DI token; nothing provides it by default, so `MCP_RATE_LIMIT_PER_TOOL`
 * applies. Read on every `tools/call`: an implementation serves from memory (refreshed out of
 * band), never queries per call.
 */
export abstract class ToolRateLimitSource {
  /** `undefined` = no override for this tool. */
  abstract perMinuteFor(toolName: string): number | undefined;
}

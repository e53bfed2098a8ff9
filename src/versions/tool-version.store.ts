import type { ToolDefinition } from '../protocol/capabilities/capability.types.js';

/**
 * Keeps every distinct tool definition ever served (`tool_versions`, keyed by the SHA-256
 * of its canonical JSON). Abstract class so it doubles as the DI token.
 */
export abstract class ToolVersionStore {
  /** Inserts the definitions not seen before; existing rows are never updated. */
  abstract recordDefinitions(definitions: readonly ToolDefinition[]): Promise<void>;
}

import type { RegisteredTool } from './registered-capability.types.js';

/** What is served of one tool (see {@link ToolVersionServing}). */
export interface ToolServing {
  /** Served to every client without a pin of its own; `undefined` withholds the tool. */
  readonly tool: RegisteredTool | undefined;
  /** Client id → the version served to that client instead of `tool`. */
  readonly byClient: ReadonlyMap<string, RegisteredTool>;
}

/**
 * The tool-version side of the capability registry: every version of a tool the code declares,
 * and which of them is served. The registry implements it; the served tool versions (approval
 * state and operator pins) choose. Abstract class so it doubles as the DI token.
 */
export abstract class ToolVersionServing {
  /** Every declared version of `name`, lowest label first (empty when not declared). */
  abstract declaredVersions(name: string): readonly RegisteredTool[];
  /**
   * Replaces which declared version of each tool is served: `choose` is asked once per declared
   * tool, with its versions lowest label first.
   */
  abstract serveToolVersions(
    choose: (name: string, versions: readonly RegisteredTool[]) => ToolServing,
  ): void;
}

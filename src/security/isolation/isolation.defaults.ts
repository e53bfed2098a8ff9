/** Limits of an isolated tool's threads when `@McpTool({ isolation })` does not set them. */
export const ISOLATION_DEFAULTS = Object.freeze({
  maxMemoryMb: 64,
  poolSize: 2,
  maxYoungGenerationSizeMb: 16,
  stackSizeMb: 4,
});

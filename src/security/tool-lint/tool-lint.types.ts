/** Every rule of the tool-poisoning lint (tool-lint.rules.ts and the depth check). */
export const TOOL_LINT_RULES = [
  'zero-width-character',
  'bidi-control',
  'ansi-escape',
  'control-character',
  'instruction-tag',
  'prompt-injection',
  'url-in-description',
  'sensitive-path',
  'cross-tool-reference',
  'too-deep',
] as const;

export type ToolLintRule = (typeof TOOL_LINT_RULES)[number];

export interface ToolLintFinding {
  readonly rule: ToolLintRule;
  /** JSON Pointer (RFC 6901) into the definition, e.g. `/inputSchema/properties/q/description`. */
  readonly path: string;
  /** The offending text, with invisible characters shown as `\u{…}` escapes, at most 80 chars. */
  readonly excerpt: string;
}

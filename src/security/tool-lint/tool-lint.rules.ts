import type { ToolLintRule } from './tool-lint.types.js';

export interface TextRule {
  readonly rule: ToolLintRule;
  readonly pattern: RegExp;
  /** Applies only to prose (names, titles, descriptions), not to enum/default values. */
  readonly proseOnly: boolean;
}

/**
 * Hidden-instruction patterns seen in tool-poisoning attacks (Invariant Labs' notice, Trail of
 * Bits "Jumping the line", mcp-scan). All linear: no nested quantifiers, so a hostile
 * description cannot make the lint slow.
 */
export const TEXT_RULES: readonly TextRule[] = [
  { rule: 'zero-width-character', pattern: /[\u200B-\u200D\u2060\uFEFF]/u, proseOnly: false },
  { rule: 'bidi-control', pattern: /[\u202A-\u202E\u2066-\u2069]/u, proseOnly: false },
  // eslint-disable-next-line no-control-regex -- finding ESC is the point
  { rule: 'ansi-escape', pattern: /\u001B/u, proseOnly: false },
  {
    // C0/C1 controls except tab, LF, CR (ESC has its own rule).
    rule: 'control-character',
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    pattern: /[\u0000-\u0008\u000B\u000C\u000E-\u001A\u001C-\u001F\u007F-\u009F]/u,
    proseOnly: false,
  },
  {
    rule: 'instruction-tag',
    pattern:
      /<\/?\s*(important|instructions?|system|secret|hidden|admin|assistant|user|prompt|context|note)\b[^>]{0,40}>/iu,
    proseOnly: false,
  },
  {
    rule: 'prompt-injection',
    pattern:
      /\b(ignore|disregard|forget|override)\s+(all\s+|any\s+|the\s+)?(previous|prior|above|earlier|other|system)\s+(instructions?|prompts?|rules?|messages?|directions?)|\b(do\s+not|don't|never)\s+(tell|inform|mention\s+(this\s+)?to|reveal\s+(this\s+)?to|notify)\s+(the\s+)?user|\bbefore\s+using\s+this\s+tool\b|\byou\s+must\s+(first\s+)?(read|send|call|include|pass)\b/iu,
    proseOnly: false,
  },
  {
    rule: 'url-in-description',
    pattern: /\b(?:https?|ftp|file|data):\/\/?\S|\bwww\.\S/iu,
    proseOnly: true,
  },
  {
    rule: 'sensitive-path',
    pattern:
      /~\/\.(ssh|aws|gnupg|kube|docker|config|netrc|npmrc|env)\b|\/etc\/(passwd|shadow|sudoers)\b|\bid_(rsa|ed25519|ecdsa)\b|\.env\b|mcp\.json\b|\bcredentials\.json\b/iu,
    proseOnly: false,
  },
  {
    rule: 'cross-tool-reference',
    pattern:
      /\bmcp__[A-Za-z0-9_-]+|\b(other|another|all|every)\s+(mcp\s+)?(servers?|tools?)\b|\binstead\s+of\s+(the\s+)?[\w.-]+\s+tool\b|\bwhen\s+(the\s+)?[\w.-]+\s+tool\s+is\s+(called|used|invoked)\b/iu,
    proseOnly: false,
  },
];

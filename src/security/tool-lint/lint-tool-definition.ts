import type { ToolDefinition } from '../../protocol/capabilities/capability.types.js';
import { TEXT_RULES } from './tool-lint.rules.js';
import type { ToolLintFinding } from './tool-lint.types.js';

/** Deeper than any sensible schema; deeper ones are findings, not stack overflows. */
const MAX_DEPTH = 32;
const EXCERPT_LENGTH = 80;
/** Object keys whose string values are prose a model reads as instructions. */
const PROSE_KEYS: ReadonlySet<string> = new Set(['name', 'title', 'description']);

/**
 * Lints the WHOLE served definition for hidden instructions (tool poisoning): prose fields,
 * parameter names, nested descriptions, enums, defaults, examples — poisoning hides in schemas
 * too, not just in the description. Returns every finding; an empty array means clean.
 */
export function lintToolDefinition(definition: ToolDefinition): ToolLintFinding[] {
  return lintServedFields({
    name: definition.name,
    title: definition.title,
    description: definition.description,
    inputSchema: definition.inputSchema,
    outputSchema: definition.outputSchema,
    annotations: definition.annotations,
  });
}

/**
 * The same lint over any served definition's fields (a prompt's name, description and
 * arguments, a resource's name, title and description: docs/federation.md "Versions"), with the
 * rules a tool's get: what reaches the model is prose wherever it hides.
 */
export function lintServedFields(fields: Readonly<Record<string, unknown>>): ToolLintFinding[] {
  const findings: ToolLintFinding[] = [];
  walk(fields, '', true, 0, findings);
  return findings;
}

function walk(
  value: unknown,
  path: string,
  prose: boolean,
  depth: number,
  findings: ToolLintFinding[],
): void {
  if (typeof value === 'string') {
    lintText(value, path, prose, findings);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  if (depth > MAX_DEPTH) {
    findings.push({ rule: 'too-deep', path, excerpt: `nesting deeper than ${MAX_DEPTH}` });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => walk(item, `${path}/${index}`, false, depth + 1, findings));
    return;
  }
  const namesParameters = path.endsWith('/properties') || path.endsWith('/patternProperties');
  for (const [key, child] of Object.entries(value)) {
    const childPath = `${path}/${escapePointer(key)}`;
    lintText(key, childPath, namesParameters, findings);
    walk(child, childPath, PROSE_KEYS.has(key) && typeof child === 'string', depth + 1, findings);
  }
}

function lintText(text: string, path: string, prose: boolean, findings: ToolLintFinding[]): void {
  for (const { rule, pattern, proseOnly } of TEXT_RULES) {
    if (proseOnly && !prose) continue;
    const match = pattern.exec(text);
    if (match !== null) findings.push({ rule, path, excerpt: excerpt(text, match.index) });
  }
}

function excerpt(text: string, at: number): string {
  const start = Math.max(0, at - 20);
  const visible = text.slice(start, start + EXCERPT_LENGTH).replace(
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    /[\u0000-\u001F\u007F-\u009F\u200B-\u200D\u2060\uFEFF\u202A-\u202E\u2066-\u2069]/gu,
    (char) => `\\u{${(char.codePointAt(0) ?? 0).toString(16)}}`,
  );
  return visible;
}

/** RFC 6901 §3. */
function escapePointer(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}

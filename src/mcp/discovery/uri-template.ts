/** One `{variable}` of a template and the literal text that follows it (may be empty). */
interface TemplateSegment {
  readonly name: string;
  readonly suffix: string;
}

const VARIABLE_NAME = /^[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*$/;
const SCHEME_PREFIX = /^[A-Za-z][A-Za-z0-9+.-]*:/;
/** Characters a level-1 expansion always percent-encodes, so a raw one ends the variable. */
const RESERVED_IN_VALUE = /[/?#]/;

/**
 * An RFC 6570 level-1 URI template (`test://template/{id}/data`): simple `{var}` expressions
 * between literal text. Higher levels (operators `+ # . / ; ? &`, explode, prefixes) are refused
 * at boot rather than half-supported.
 *
 * Matching is linear in the URI length, without regular-expression backtracking: each variable
 * ends at the first occurrence of the literal after it (the last one at the literal ending the
 * URI), so an attacker-chosen URI cannot make it slow. A value is never empty and never
 * contains `/`, `?` or `#` (RFC 6570 §3.2.2 encodes them), and is percent-decoded.
 */
export class UriTemplate {
  readonly variables: readonly string[];

  private constructor(
    readonly template: string,
    private readonly prefix: string,
    private readonly segments: readonly TemplateSegment[],
  ) {
    this.variables = segments.map((segment) => segment.name);
  }

  /** @throws Error naming the problem when `template` is not a level-1 template */
  static parse(template: string): UriTemplate {
    const literals: string[] = [];
    const names: string[] = [];
    let literal = '';
    for (let i = 0; i < template.length; i++) {
      const char = template.charAt(i);
      if (char === '}') throw new Error(`unmatched "}" at ${i} in ${template}`);
      if (char <= ' ' || char === '\u007f')
        throw new Error(`control or space at ${i} in ${template}`);
      if (char !== '{') {
        literal += char;
        continue;
      }
      const close = template.indexOf('}', i + 1);
      if (close < 0) throw new Error(`unclosed "{" at ${i} in ${template}`);
      const name = template.slice(i + 1, close);
      if (!VARIABLE_NAME.test(name)) {
        throw new Error(`"{${name}}" is not a level-1 {variable} expression in ${template}`);
      }
      if (names.includes(name)) throw new Error(`variable "${name}" repeated in ${template}`);
      if (names.length > 0 && literal === '') {
        throw new Error(`variables without a literal between them are ambiguous in ${template}`);
      }
      literals.push(literal);
      names.push(name);
      literal = '';
      i = close;
    }
    literals.push(literal);
    const [prefix = '', ...suffixes] = literals;
    if (names.length === 0) throw new Error(`no {variable} in ${template}: declare a resource`);
    if (!SCHEME_PREFIX.test(prefix)) throw new Error(`${template} must start with a URI scheme`);
    const segments = names.map((name, index) => ({ name, suffix: suffixes[index] ?? '' }));
    return new UriTemplate(template, prefix, segments);
  }

  /** The variables of `uri`, or `undefined` when it is not an expansion of this template. */
  match(uri: string): Record<string, string> | undefined {
    if (!uri.startsWith(this.prefix)) return undefined;
    const values = Object.create(null) as Record<string, string>;
    const last = this.segments.length - 1;
    let position = this.prefix.length;
    for (let index = 0; index <= last; index++) {
      const { name, suffix } = this.segments[index] as TemplateSegment;
      const end =
        index === last
          ? uri.endsWith(suffix)
            ? uri.length - suffix.length
            : -1
          : uri.indexOf(suffix, position);
      if (end <= position) return undefined;
      const value = decode(uri.slice(position, end));
      if (value === undefined) return undefined;
      values[name] = value;
      position = end + suffix.length;
    }
    return values;
  }
}

function decode(raw: string): string | undefined {
  if (RESERVED_IN_VALUE.test(raw)) return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

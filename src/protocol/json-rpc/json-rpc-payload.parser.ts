import { JsonRpcErrorCode } from './json-rpc-error-codes.js';
import { McpError } from './mcp-error.js';

/**
 * Structural bounds on an inbound JSON body (docs/security.md "Limits": depth ≤ 64, bounded key
 * count).
 */
export interface JsonPayloadLimits {
  /** Deepest allowed nesting of arrays/objects, the root container counting as 1. */
  readonly maxDepth: number;
  /** Total object keys allowed in the whole payload. */
  readonly maxKeys: number;
}

export const DEFAULT_JSON_PAYLOAD_LIMITS: JsonPayloadLimits = Object.freeze({
  maxDepth: 64,
  maxKeys: 10_000,
});

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const COLON = 0x3a;
const FORBIDDEN_KEY = '__proto__';

/**
 * Parses one JSON-RPC frame. The raw text is scanned once before `JSON.parse` so that an
 * over-deep or over-wide payload is refused in O(n) without building it: `JSON.parse` copes with
 * a million levels, but every later recursive step (`JSON.stringify`, `structuredClone`, a schema
 * walk) throws `RangeError` near 3,300 levels.
 *
 * @throws McpError -32700 (HTTP 400) for malformed JSON, -32600 (HTTP 400) for a payload over the
 *   limits or carrying a `__proto__` key (prototype-pollution hygiene).
 */
export function parseJsonRpcPayload(
  text: string,
  limits: JsonPayloadLimits = DEFAULT_JSON_PAYLOAD_LIMITS,
): unknown {
  assertWithinLimits(text, limits);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new McpError(JsonRpcErrorCode.ParseError, 'Parse error: invalid JSON', undefined, 400);
  }
  // A `__proto__` key can only be present if its letters (or a `\u` escape of them) are in the text;
  // the walk below is therefore skipped for nearly every real message.
  if ((text.includes(FORBIDDEN_KEY) || text.includes('\\u')) && hasForbiddenKey(value)) {
    throw McpError.invalidRequest(`Invalid request: "${FORBIDDEN_KEY}" is not an allowed key`);
  }
  return value;
}

function assertWithinLimits(text: string, { maxDepth, maxKeys }: JsonPayloadLimits): void {
  let depth = 0;
  let keys = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === BACKSLASH) i++;
      else if (char === QUOTE) inString = false;
      continue;
    }
    switch (char) {
      case QUOTE:
        inString = true;
        break;
      case OPEN_BRACE:
      case OPEN_BRACKET:
        if (++depth > maxDepth) {
          throw McpError.invalidRequest(`Invalid request: JSON nesting deeper than ${maxDepth}`, {
            maxDepth,
          });
        }
        break;
      case CLOSE_BRACE:
      case CLOSE_BRACKET:
        depth--;
        break;
      case COLON:
        // Outside strings a colon only ever separates an object key from its value.
        if (++keys > maxKeys) {
          throw McpError.invalidRequest(`Invalid request: more than ${maxKeys} object keys`, {
            maxKeys,
          });
        }
        break;
      default:
        break;
    }
  }
}

/** Recursion is safe here: the depth was bounded by {@link assertWithinLimits} first. */
function hasForbiddenKey(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return value.some(hasForbiddenKey);
  if (Object.hasOwn(value, FORBIDDEN_KEY)) return true;
  return Object.values(value).some(hasForbiddenKey);
}

import type { UpstreamAuth, UpstreamTransportKind } from '../client/upstream-client.types.js';

export const UPSTREAM_TRANSPORTS: readonly UpstreamTransportKind[] = [
  'streamable-http',
  'sse',
  'stdio',
];
export const UPSTREAM_AUTH_TYPES = [
  'none',
  'header',
  'client-credentials',
  'token-exchange',
] as const;

/** An upstream's name: served names start with it, so letters, digits and inner hyphens only. */
export const UPSTREAM_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$/;
/** RFC 9110 §5.1 field-name (token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Headers this server sets itself, or that would carry a caller's credential. */
const RESERVED_HEADERS = new Set([
  'host',
  'content-length',
  'content-type',
  'accept',
  'mcp-session-id',
  'mcp-protocol-version',
  'last-event-id',
  'connection',
  'transfer-encoding',
]);

/**
 * One upstream as `POST /admin/api/upstreams` and `MCP_UPSTREAMS_FILE` give it, secrets in clear
 * (docs/federation.md "Adding an upstream"). Stored sealed; never returned.
 */
export interface UpstreamSpec {
  readonly name: string;
  readonly transport: UpstreamTransportKind;
  readonly url?: string | undefined;
  readonly command?: string | undefined;
  readonly args?: readonly string[] | undefined;
  readonly headers?: Readonly<Record<string, string>> | undefined;
  readonly auth?: UpstreamAuth | undefined;
  readonly enabled?: boolean | undefined;
  readonly timeoutMs?: number | undefined;
}

export interface SpecProblem {
  readonly field: string;
  readonly messages: readonly string[];
}

/**
 * What the field checks of a DTO cannot see: which fields a transport and a credential need, and
 * header names. Returns every problem (empty: the spec is usable).
 */
export function specProblems(spec: UpstreamSpec, separator: string): SpecProblem[] {
  const problems: SpecProblem[] = [];
  const add = (field: string, message: string): void => {
    problems.push({ field, messages: [message] });
  };
  if (!UPSTREAM_NAME.test(spec.name) || spec.name.includes(separator)) {
    add('name', `name must be 1-32 letters, digits and inner hyphens, without "${separator}"`);
  }
  if (spec.transport === 'stdio') {
    if (spec.command === undefined || spec.command === '') add('command', 'stdio needs command');
    if (spec.url !== undefined) add('url', 'stdio takes command and args, not url');
    if (spec.headers !== undefined && Object.keys(spec.headers).length > 0)
      add('headers', 'stdio has no HTTP headers');
  } else {
    if (spec.url === undefined) add('url', `${spec.transport} needs url`);
    if (spec.command !== undefined || spec.args !== undefined)
      add('command', `${spec.transport} takes url, not command and args`);
  }
  for (const [name, value] of Object.entries(spec.headers ?? {})) {
    if (!HEADER_NAME.test(name) || RESERVED_HEADERS.has(name.toLowerCase())) {
      add(`headers.${name}`, 'not a header name this server lets you set');
    } else if (typeof value !== 'string' || /[\r\n\0]/.test(value)) {
      add(`headers.${name}`, 'header values are strings without CR, LF or NUL');
    }
  }
  const auth = spec.auth;
  if (auth?.type === 'header') {
    if (!HEADER_NAME.test(auth.name) || RESERVED_HEADERS.has(auth.name.toLowerCase()))
      add('auth.name', 'not a header name this server lets you set');
    if (/[\r\n\0]/.test(auth.value)) add('auth.value', 'no CR, LF or NUL');
  }
  if (auth !== undefined && auth.type !== 'none' && spec.transport === 'stdio') {
    add('auth', 'stdio upstreams take no credential');
  }
  return problems;
}

/** Whether `spec` holds anything that must be sealed. */
export function hasSecrets(spec: UpstreamSpec): boolean {
  const auth = spec.auth;
  return Object.keys(spec.headers ?? {}).length > 0 || (auth !== undefined && auth.type !== 'none');
}

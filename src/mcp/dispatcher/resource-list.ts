import type {
  RegisteredResource,
  ResourceListSource,
} from '../../protocol/capabilities/registered-capability.types.js';
import type { JsonObject } from '../../protocol/json-rpc/json-rpc.types.js';
import { McpError } from '../../protocol/json-rpc/mcp-error.js';
import type { DispatchCall } from './dispatch-call.js';
import { listResult, type Page } from './pagination.js';

/**
 * Where a `resources/list` page of listed resources starts: a template's lister and the cursor
 * it gave. Such cursors start with `~`, which the base64url cursors of the static resources
 * (src/mcp/dispatcher/pagination.ts) never contain.
 */
interface ListerPosition {
  readonly template: string;
  readonly cursor: string | undefined;
}

const LISTER_CURSOR_PREFIX = '~';

/**
 * `resources/list` (server features §Resources, utilities §Pagination): the static resources
 * first, then, lister by lister, the resources each visible template lists (`@McpResourceList`).
 * A page never mixes two sources; an empty page moves on to the next source, so a client is
 * never sent an empty page with a cursor.
 *
 * @throws McpError -32602 for a cursor this server did not issue
 */
export async function listResources(
  call: DispatchCall,
  staticPage: (params: JsonObject) => Page<RegisteredResource>,
  sources: readonly ResourceListSource[],
  pageSize: number,
): Promise<JsonObject> {
  const { cursor } = call.params;
  if (typeof cursor === 'string' && cursor.startsWith(LISTER_CURSOR_PREFIX)) {
    return listFrom(call, sources, decodePosition(cursor), pageSize);
  }
  const page = staticPage(call.params);
  const first = sources[0];
  if (page.nextCursor !== undefined || first === undefined) return listResult('resources', page);
  const start = { template: first.template.uriTemplate, cursor: undefined };
  if (page.items.length === 0) return listFrom(call, sources, start, pageSize);
  return { ...listResult('resources', page), nextCursor: encodePosition(start) };
}

async function listFrom(
  call: DispatchCall,
  sources: readonly ResourceListSource[],
  position: ListerPosition,
  limit: number,
): Promise<JsonObject> {
  let index = sources.findIndex((source) => source.template.uriTemplate === position.template);
  if (index < 0) throw McpError.invalidParams('Invalid cursor');
  let cursor = position.cursor;
  for (; ; index++) {
    const source = sources[index] as ResourceListSource;
    const page = await source.lister.list({ cursor, limit }, call.handlerContext);
    const resources = page.resources.slice(0, limit) as unknown as JsonObject[];
    if (page.nextCursor !== undefined) {
      const here = { template: source.template.uriTemplate, cursor: page.nextCursor };
      return { resources, nextCursor: encodePosition(here) };
    }
    const next = sources[index + 1];
    if (next === undefined) return { resources };
    const start = { template: next.template.uriTemplate, cursor: undefined };
    if (resources.length > 0) return { resources, nextCursor: encodePosition(start) };
    cursor = undefined;
  }
}

function encodePosition(position: ListerPosition): string {
  const json = JSON.stringify([position.template, position.cursor ?? null]);
  return `${LISTER_CURSOR_PREFIX}${Buffer.from(json, 'utf8').toString('base64url')}`;
}

function decodePosition(cursor: string): ListerPosition {
  try {
    const decoded: unknown = JSON.parse(
      Buffer.from(cursor.slice(LISTER_CURSOR_PREFIX.length), 'base64url').toString('utf8'),
    );
    if (Array.isArray(decoded) && decoded.length === 2) {
      const [template, inner] = decoded as unknown[];
      if (typeof template === 'string' && (inner === null || typeof inner === 'string')) {
        return { template, cursor: inner ?? undefined };
      }
    }
  } catch {
    // not JSON: the same answer as any cursor this server did not issue
  }
  throw McpError.invalidParams('Invalid cursor');
}

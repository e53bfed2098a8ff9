import type { JsonObject } from '../../protocol/json-rpc/json-rpc.types.js';

/** `_meta` keys with this prefix are reserved for the protocol itself (MCP spec, basic §_meta). */
const RESERVED_META_PREFIX = 'io.modelcontextprotocol/';

/** Result members that describe the upstream's exchange with us, not ours with our client. */
const EXCHANGE_MEMBERS = ['resultType', 'ttlMs', 'cacheScope'];

/**
 * An upstream's result as ours to answer with: without the members and reserved `_meta` keys that
 * belong to the upstream's own protocol exchange (its serverInfo, its 2026-07-28 result type and
 * cache hints), which this server sets for its own answer. Everything else passes unchanged.
 */
export function ownResult(result: JsonObject): JsonObject {
  const meta = result['_meta'];
  const reserved =
    typeof meta === 'object' && meta !== null && !Array.isArray(meta)
      ? Object.keys(meta).filter((key) => key.startsWith(RESERVED_META_PREFIX))
      : [];
  if (reserved.length === 0 && !EXCHANGE_MEMBERS.some((member) => member in result)) return result;
  const own: JsonObject = { ...result };
  for (const member of EXCHANGE_MEMBERS) delete own[member];
  if (reserved.length > 0) {
    const kept = Object.fromEntries(
      Object.entries(meta as JsonObject).filter(([key]) => !key.startsWith(RESERVED_META_PREFIX)),
    );
    if (Object.keys(kept).length === 0) delete own['_meta'];
    else own['_meta'] = kept;
  }
  return own;
}

import { Inject, Injectable } from '@nestjs/common';

import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.constants.js';
import { CapabilityRegistry } from '../../protocol/capabilities/capability-registry.js';
import type { RegisteredCapability } from '../../protocol/capabilities/registered-capability.types.js';
import type { DispatchCall } from '../dispatcher/dispatch-call.js';
import type { JsonObject } from '../../protocol/json-rpc/json-rpc.types.js';
import { SERVER_TITLE } from '../lifecycle/server-identity.js';
import { META_SERVER_INFO } from '../../protocol/protocol-version.js';

/** Results that carry `ttlMs` + `cacheScope` (SEP-2549). */
const CACHEABLE_METHODS: ReadonlySet<string> = new Set([
  'server/discover',
  'tools/list',
  'prompts/list',
  'resources/list',
  'resources/templates/list',
  'resources/read',
  // SEP-2640: skills/list carries the list-caching attributes, skills/get is a CacheableResult.
  'skills/list',
  'skills/get',
]);

export type CacheScope = 'public' | 'private';

/**
 * Completes every 2026-07-28 result: `resultType` (schema `Result`), the server's identity in
 * `_meta` (spec PR #3002) and, on cacheable complete results, the caching hints.
 *
 * `cacheScope` is `private` whenever what a principal sees may differ from what another sees: with
 * auth on (which per-client version pins need: only a token names a client), or when any capability
 * carries access requirements (one list filtered per principal). It is never `public` for such a
 * list; all pages of a list share it. `server/discover` holds nothing per principal. A retried
 * multi-round-trip result must not be cached (SEP-2549): `ttlMs: 0`, `private`.
 */
@Injectable()
export class ModernResults {
  private readonly serverInfo: JsonObject;
  private readonly ttlMs: number;
  private readonly authRequired: boolean;
  private listScope: CacheScope | undefined;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly registry: CapabilityRegistry,
  ) {
    this.serverInfo = Object.freeze({
      name: config.mcp.serverName,
      version: config.mcp.serverVersion,
      title: SERVER_TITLE,
    });
    this.ttlMs = config.mcp.cacheTtlMs;
    this.authRequired = config.auth.required;
  }

  complete(call: DispatchCall, result: JsonObject): JsonObject {
    const meta = result._meta;
    const finished: JsonObject = {
      ...result,
      resultType: result.resultType ?? 'complete',
      _meta:
        typeof meta === 'object' && meta !== null
          ? { ...meta, [META_SERVER_INFO]: this.serverInfo }
          : { [META_SERVER_INFO]: this.serverInfo },
    };
    const method = call.request.method;
    if (finished.resultType !== 'complete' || !CACHEABLE_METHODS.has(method)) return finished;
    if (isRetry(call)) {
      finished.ttlMs = 0;
      finished.cacheScope = 'private';
    } else {
      finished.ttlMs = this.ttlMs;
      finished.cacheScope = method === 'server/discover' ? 'public' : this.scope();
    }
    return finished;
  }

  /** Decided once, after discovery froze the registry. */
  private scope(): CacheScope {
    this.listScope ??= this.authRequired || this.anyRestricted() ? 'private' : 'public';
    return this.listScope;
  }

  private anyRestricted(): boolean {
    const all: readonly RegisteredCapability[] = [
      ...this.registry.tools(),
      ...this.registry.resources(),
      ...this.registry.resourceTemplates(),
      ...this.registry.prompts(),
    ];
    return all.some(({ access }) => access.roles.length > 0 || access.scopes.length > 0);
  }
}

function isRetry(call: DispatchCall): boolean {
  return (
    call.roundTrip !== undefined &&
    (call.params.inputResponses !== undefined || call.params.requestState !== undefined)
  );
}

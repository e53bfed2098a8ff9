import { Injectable } from '@nestjs/common';

import type { MethodEntry, MethodGroup } from '../dispatcher/method-entry.types.js';
import type { JsonObject } from '../json-rpc/json-rpc.types.js';
import {
  SERVER_INSTRUCTIONS,
  coreServerCapabilities,
  deepFreeze,
} from '../lifecycle/server-identity.js';
import { MODERN_SUPPORTED_VERSIONS } from './modern-envelope.reader.js';

/**
 * `server/discover` (2026-07-28 lifecycle §Discovery): what `initialize` told legacy clients,
 * without a handshake. Built once; the dispatcher adds `resultType`, serverInfo and cache hints.
 * `logging` is not offered: 2026-07-28 logs per request through `_meta` logLevel.
 */
@Injectable()
export class DiscoverHandler implements MethodGroup {
  private readonly result: JsonObject = deepFreeze({
    supportedVersions: [...MODERN_SUPPORTED_VERSIONS],
    capabilities: { ...coreServerCapabilities(), completions: {} },
    instructions: SERVER_INSTRUCTIONS,
  });

  methodEntries(): readonly (readonly [string, MethodEntry])[] {
    return [['server/discover', { era: 'modern', handle: () => Promise.resolve(this.result) }]];
  }
}

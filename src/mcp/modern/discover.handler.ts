import { Injectable } from '@nestjs/common';

import { McpExtensions } from '../dispatcher/mcp-extensions.js';
import type { MethodEntry, MethodGroup } from '../dispatcher/method-entry.types.js';
import type { JsonObject } from '../../protocol/json-rpc/json-rpc.types.js';
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
  private result: JsonObject | undefined;

  constructor(private readonly extensions: McpExtensions) {}

  methodEntries(): readonly (readonly [string, MethodEntry])[] {
    return [['server/discover', { era: 'modern', handle: () => Promise.resolve(this.build()) }]];
  }

  /** Built on first use: extensions register during module init, after this is constructed. */
  private build(): JsonObject {
    if (this.result !== undefined) return this.result;
    const extensions = this.extensions.capabilities();
    this.result = deepFreeze({
      supportedVersions: [...MODERN_SUPPORTED_VERSIONS],
      capabilities: {
        ...coreServerCapabilities(),
        completions: {},
        ...(Object.keys(extensions).length === 0 ? {} : { extensions: { ...extensions } }),
      },
      instructions: SERVER_INSTRUCTIONS,
    });
    return this.result;
  }
}

import { Inject, Injectable } from '@nestjs/common';

import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.constants.js';
import type { JsonObject } from '../../protocol/json-rpc/json-rpc.types.js';
import { McpExtensions } from '../dispatcher/mcp-extensions.js';
import {
  LEGACY_PROTOCOL_VERSIONS,
  isAtLeast,
  type LegacyProtocolVersion,
} from '../../protocol/protocol-version.js';
import {
  SERVER_INSTRUCTIONS,
  SERVER_TITLE,
  coreServerCapabilities,
  deepFreeze,
} from './server-identity.js';

/**
 * Builds the `InitializeResult` of every legacy revision once, at boot, so `initialize` only picks a
 * frozen object. Each result carries only the fields its revision's schema defines: `completions`
 * is a capability from 2025-03-26 (before it the method exists without one), `serverInfo.title`
 * from 2025-06-18. Extensions served in both eras (the skills extension) are advertised under
 * `capabilities.extensions` (SEP-2133) in every revision: the schemas admit further keys.
 */
@Injectable()
export class InitializeResultFactory {
  private results: Readonly<Record<LegacyProtocolVersion, JsonObject>> | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly extensions: McpExtensions,
  ) {}

  /** Built on first use: extensions register during module init, after this is constructed. */
  resultFor(version: LegacyProtocolVersion): JsonObject {
    this.results ??= Object.fromEntries(
      LEGACY_PROTOCOL_VERSIONS.map((v) => [
        v,
        deepFreeze(build(v, this.config, this.extensions.capabilities('legacy'))),
      ]),
    ) as Record<LegacyProtocolVersion, JsonObject>;
    return this.results[version];
  }
}

function build(
  version: LegacyProtocolVersion,
  config: AppConfig,
  extensions: Readonly<Record<string, JsonObject>>,
): JsonObject {
  const capabilities: JsonObject = { logging: {}, ...coreServerCapabilities() };
  if (isAtLeast(version, '2025-03-26')) capabilities.completions = {};
  if (Object.keys(extensions).length > 0) capabilities.extensions = { ...extensions };
  const serverInfo: JsonObject = { name: config.mcp.serverName, version: config.mcp.serverVersion };
  if (isAtLeast(version, '2025-06-18')) serverInfo.title = SERVER_TITLE;
  return { protocolVersion: version, capabilities, serverInfo, instructions: SERVER_INSTRUCTIONS };
}

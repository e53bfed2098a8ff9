import { Inject, Injectable } from '@nestjs/common';

import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.constants.js';
import type { JsonObject } from '../json-rpc/json-rpc.types.js';
import {
  LEGACY_PROTOCOL_VERSIONS,
  isAtLeast,
  type LegacyProtocolVersion,
} from '../protocol/protocol-version.js';

/** Human-readable name shown by clients (`Implementation.title`, 2025-06-18+). */
const SERVER_TITLE = 'Enterprise MCP Server';

/** `InitializeResult.instructions`: a hint clients may add to the model's system prompt. */
const SERVER_INSTRUCTIONS =
  'Tools, resources and prompts are filtered by your roles; an item you cannot see does not exist ' +
  'for you. Every tool call is audited. Invalid arguments return isError results describing the ' +
  'problem so you can correct the call.';

/**
 * Builds the `InitializeResult` of every legacy revision once, at boot, so `initialize` only picks a
 * frozen object. Each result carries only the fields its revision's schema defines: `completions`
 * is a capability from 2025-03-26 (before it the method exists without one), `serverInfo.title`
 * from 2025-06-18.
 */
@Injectable()
export class InitializeResultFactory {
  private readonly results: Readonly<Record<LegacyProtocolVersion, JsonObject>>;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.results = Object.fromEntries(
      LEGACY_PROTOCOL_VERSIONS.map((version) => [version, deepFreeze(build(version, config))]),
    ) as Record<LegacyProtocolVersion, JsonObject>;
  }

  resultFor(version: LegacyProtocolVersion): JsonObject {
    return this.results[version];
  }
}

function build(version: LegacyProtocolVersion, config: AppConfig): JsonObject {
  const capabilities: JsonObject = {
    logging: {},
    prompts: { listChanged: true },
    resources: { subscribe: true, listChanged: true },
    tools: { listChanged: true },
  };
  if (isAtLeast(version, '2025-03-26')) capabilities.completions = {};
  const serverInfo: JsonObject = { name: config.mcp.serverName, version: config.mcp.serverVersion };
  if (isAtLeast(version, '2025-06-18')) serverInfo.title = SERVER_TITLE;
  return { protocolVersion: version, capabilities, serverInfo, instructions: SERVER_INSTRUCTIONS };
}

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) {
    if (typeof child === 'object' && child !== null) deepFreeze(child as object);
  }
  return Object.freeze(value);
}

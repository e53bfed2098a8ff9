import type { JsonObject } from '../../protocol/json-rpc/json-rpc.types.js';

/** Human-readable name shown by clients (`Implementation.title`, 2025-06-18+). */
export const SERVER_TITLE = 'Enterprise MCP Server';

/** `instructions` of InitializeResult / DiscoverResult: a hint for the model's system prompt. */
export const SERVER_INSTRUCTIONS =
  'Tools, resources and prompts are filtered by your roles; an item you cannot see does not exist ' +
  'for you. Every tool call is audited. Invalid arguments return isError results describing the ' +
  'problem so you can correct the call.';

/**
 * Features every revision shares (server capabilities §Capability negotiation): list changes
 * are announced for tools, prompts and resources, and resources can be subscribed to (legacy
 * `resources/subscribe`, 2026-07-28 `resourceSubscriptions` on `subscriptions/listen`).
 */
export function coreServerCapabilities(): JsonObject {
  return {
    prompts: { listChanged: true },
    resources: { subscribe: true, listChanged: true },
    tools: { listChanged: true },
  };
}

export function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) {
    if (typeof child === 'object' && child !== null) deepFreeze(child as object);
  }
  return Object.freeze(value);
}

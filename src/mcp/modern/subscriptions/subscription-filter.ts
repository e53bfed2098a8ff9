import { isPlainObject } from '../../../protocol/json-rpc/json-rpc-message.validator.js';
import { McpError } from '../../../protocol/json-rpc/mcp-error.js';

/** `SubscriptionFilter` of `subscriptions/listen` (2026-07-28 schema). */
export interface SubscriptionFilter {
  toolsListChanged?: boolean;
  promptsListChanged?: boolean;
  resourcesListChanged?: boolean;
  resourceSubscriptions?: string[];
}

/** An explicit bound on what one stream may watch (docs/security.md "Limits"). */
export const MAX_RESOURCE_SUBSCRIPTIONS = 256;

const FLAGS = ['toolsListChanged', 'promptsListChanged', 'resourcesListChanged'] as const;

/** @throws McpError -32602 naming the field at fault. */
export function readSubscriptionFilter(value: unknown): SubscriptionFilter {
  if (!isPlainObject(value)) {
    throw McpError.invalidParams('Invalid params: "notifications" must be an object');
  }
  const filter: SubscriptionFilter = {};
  for (const flag of FLAGS) {
    const flagValue = value[flag];
    if (flagValue === undefined) continue;
    if (typeof flagValue !== 'boolean') {
      throw McpError.invalidParams(`Invalid params: "notifications.${flag}" must be a boolean`);
    }
    filter[flag] = flagValue;
  }
  const uris = value.resourceSubscriptions;
  if (uris !== undefined) {
    if (!Array.isArray(uris) || !uris.every((uri) => typeof uri === 'string')) {
      throw McpError.invalidParams(
        'Invalid params: "notifications.resourceSubscriptions" must be an array of strings',
      );
    }
    if (uris.length > MAX_RESOURCE_SUBSCRIPTIONS) {
      throw McpError.invalidParams(
        `Invalid params: at most ${MAX_RESOURCE_SUBSCRIPTIONS} resourceSubscriptions per stream`,
      );
    }
    filter.resourceSubscriptions = [...new Set(uris)];
  }
  return filter;
}

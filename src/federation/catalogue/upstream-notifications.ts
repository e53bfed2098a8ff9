import type { UpstreamNotification } from '../client/upstream-client.types.js';

/** What the catalogue does with an upstream's notifications. */
export interface UpstreamNotificationHandlers {
  /** Its tools, resources or prompts changed: read the catalogue again. */
  resync(): void;
  /** One of its resources changed (its own URI). */
  resourceUpdated(uri: string): void;
  /** A log message it sent (its `data`). */
  logged(data: unknown): void;
}

/**
 * What an upstream says outside our requests (docs/federation.md "Live sync"): list changes
 * re-sync its catalogue, resource updates are relayed, log messages logged; the rest is ignored.
 */
export function handleUpstreamNotification(
  { method, params }: UpstreamNotification,
  handlers: UpstreamNotificationHandlers,
): void {
  switch (method) {
    case 'notifications/tools/list_changed':
    case 'notifications/resources/list_changed':
    case 'notifications/prompts/list_changed':
      handlers.resync();
      return;
    case 'notifications/resources/updated': {
      const uri = params?.['uri'];
      if (typeof uri === 'string') handlers.resourceUpdated(uri);
      return;
    }
    case 'notifications/message':
      handlers.logged(params?.['data'] ?? null);
      return;
    default:
      return;
  }
}

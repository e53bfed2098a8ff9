import type { ChangeEvent } from '../../events/change-bus.js';
import { CapabilityChannel } from './capability-changes.js';

/** A change as the notification the spec names for it, or `undefined` for foreign channels. */
export type ChangeNotification =
  | { readonly method: 'notifications/tools/list_changed' }
  | { readonly method: 'notifications/prompts/list_changed' }
  | { readonly method: 'notifications/resources/list_changed' }
  | { readonly method: 'notifications/resources/updated'; readonly uri: string };

export function changeNotificationOf(event: ChangeEvent): ChangeNotification | undefined {
  switch (event.channel) {
    case CapabilityChannel.ToolsListChanged:
      return { method: 'notifications/tools/list_changed' };
    case CapabilityChannel.PromptsListChanged:
      return { method: 'notifications/prompts/list_changed' };
    case CapabilityChannel.ResourcesListChanged:
      return { method: 'notifications/resources/list_changed' };
    case CapabilityChannel.ResourceUpdated: {
      const { uri } = event.payload;
      return typeof uri === 'string'
        ? { method: 'notifications/resources/updated', uri }
        : undefined;
    }
    default:
      return undefined;
  }
}

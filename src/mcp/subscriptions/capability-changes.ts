import { Injectable } from '@nestjs/common';

import { ChangeBus } from '../../events/change-bus.js';

/** ChangeBus channels of MCP change notifications (server features §List changed). */
export const CapabilityChannel = {
  ToolsListChanged: 'mcp.tools.list_changed',
  PromptsListChanged: 'mcp.prompts.list_changed',
  ResourcesListChanged: 'mcp.resources.list_changed',
  ResourceUpdated: 'mcp.resources.updated',
} as const;

/**
 * What code calls when tools, prompts or resources change (a policy update, a deployment, a
 * watched resource): the change goes through the {@link ChangeBus} so clients connected to any
 * instance hear of it, in both eras.
 */
@Injectable()
export class CapabilityChanges {
  constructor(private readonly bus: ChangeBus) {}

  toolsChanged(): Promise<void> {
    return this.bus.publish(CapabilityChannel.ToolsListChanged);
  }

  promptsChanged(): Promise<void> {
    return this.bus.publish(CapabilityChannel.PromptsListChanged);
  }

  resourcesChanged(): Promise<void> {
    return this.bus.publish(CapabilityChannel.ResourcesListChanged);
  }

  resourceUpdated(uri: string): Promise<void> {
    return this.bus.publish(CapabilityChannel.ResourceUpdated, { uri });
  }
}

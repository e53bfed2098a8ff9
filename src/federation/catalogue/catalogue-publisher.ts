import { Injectable, Logger } from '@nestjs/common';

import { CapabilityChanges } from '../../mcp/subscriptions/capability-changes.js';
import { DynamicCapabilityServing } from '../../protocol/capabilities/dynamic-capabilities.js';
import type { RegisteredTool } from '../../protocol/capabilities/registered-capability.types.js';
import { ServedToolVersions } from '../../versions/served-tool-versions.js';
import type { Entry } from './upstream-entry.js';

/**
 * Hands what every upstream serves to the capability registry's dynamic side, which swaps it in
 * at once (docs/federation.md "Registry integration"), then makes every instance re-read the
 * recorded definitions and tells clients everywhere that the lists changed ("Live sync").
 */
@Injectable()
export class CataloguePublisher {
  private readonly logger = new Logger(CataloguePublisher.name);

  constructor(
    private readonly registry: DynamicCapabilityServing,
    private readonly served: ServedToolVersions,
    private readonly changes: CapabilityChanges,
  ) {}

  async publish(entries: Iterable<Entry>): Promise<void> {
    const all = [...entries];
    const toolVersions = new Map<string, readonly RegisteredTool[]>();
    for (const entry of all) {
      for (const [served, versions] of entry.tools) toolVersions.set(served, versions);
    }
    const clashes = this.registry.replaceDynamic({
      toolVersions,
      resources: all.flatMap((entry) => entry.others.resources),
      resourceTemplates: all.flatMap((entry) => entry.others.resourceTemplates),
      prompts: all.flatMap((entry) => entry.others.prompts),
    });
    for (const clash of clashes) {
      this.logger.warn(`federated ${clash} is not served: a local capability has that name`);
    }
    // New definitions may have been recorded: every instance re-reads their approval state.
    await this.served.reloadEverywhere();
    await this.changes.toolsChanged();
    await this.changes.resourcesChanged();
    await this.changes.promptsChanged();
  }
}

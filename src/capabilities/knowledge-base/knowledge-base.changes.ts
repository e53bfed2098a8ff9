import { Injectable } from '@nestjs/common';

import { ChangeBus, type ChangeEvent } from '../../events/change-bus.js';
import { CapabilityChanges } from '../../mcp/subscriptions/capability-changes.js';

/** ChangeBus channel of knowledge-base writes; the search cache of every instance listens. */
export const KB_CHANGED_CHANNEL = 'kb.changed';

/** URIs of the knowledge base's resources (README "The knowledge base"). */
export const kbUri = {
  document: (docId: string): string => `kb://docs/${encodeURIComponent(docId)}`,
  section: (docId: string, sectionId: string): string =>
    `kb://docs/${encodeURIComponent(docId)}/sections/${encodeURIComponent(sectionId)}`,
  record: (recordId: string): string => `kb://records/${encodeURIComponent(recordId)}`,
} as const;

/**
 * What a knowledge-base write announces, on every instance (docs/architecture.md
 * "Multi-instance"): `kb.changed` for the search caches, `resources/updated` for subscribers of
 * the changed documents or record, and `resources/list_changed` after an import that added or
 * removed documents.
 */
@Injectable()
export class KnowledgeBaseChanges {
  constructor(
    private readonly bus: ChangeBus,
    private readonly capabilities: CapabilityChanges,
  ) {}

  async documentsChanged(changedDocIds: readonly string[], listChanged: boolean): Promise<void> {
    if (changedDocIds.length === 0 && !listChanged) return;
    await this.bus.publish(KB_CHANGED_CHANNEL, { kind: 'documents' });
    await Promise.all(
      changedDocIds.map((id) => this.capabilities.resourceUpdated(kbUri.document(id))),
    );
    if (listChanged) await this.capabilities.resourcesChanged();
  }

  async recordChanged(recordId: string): Promise<void> {
    await this.bus.publish(KB_CHANGED_CHANNEL, { kind: 'record', id: recordId });
    await this.capabilities.resourceUpdated(kbUri.record(recordId));
  }

  /** Calls `handler` on every knowledge-base write, wherever it happened; returns unsubscribe. */
  onChange(handler: (event: ChangeEvent) => void): () => void {
    return this.bus.subscribe((event) => {
      if (event.channel === KB_CHANGED_CHANNEL) handler(event);
    });
  }
}

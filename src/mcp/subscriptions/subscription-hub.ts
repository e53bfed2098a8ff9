import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';

import { ChangeBus, type ChangeEvent } from '../../events/change-bus.js';
import type { JsonRpcNotification } from '../../protocol/json-rpc/json-rpc.types.js';
import { ResourceVisibility } from '../dispatcher/resource-visibility.js';
import { McpSessionService } from '../../sessions/mcp-session.service.js';
import { changeNotificationOf, type ChangeNotification } from './change-notification.js';

/** A 2026-07-28 `subscriptions/listen` stream open on this instance. */
export interface ChangeListener {
  /** Sends the notification if the stream's filter asked for it. */
  deliver(notification: ChangeNotification): void;
  /** Graceful end: the listen request is answered and its stream closes (shutdown). */
  end(): void;
}

/**
 * Delivers the changes heard on the {@link ChangeBus} to the clients connected to this instance:
 * 2026-07-28 listen streams (each applies its own filter) and legacy sessions, which get
 * `list_changed` on their standalone stream (listChanged capability, server features) and
 * `resources/updated` for the URIs they subscribed to.
 */
@Injectable()
export class SubscriptionHub implements OnModuleInit, OnModuleDestroy {
  private readonly listeners = new Set<ChangeListener>();
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly bus: ChangeBus,
    private readonly sessions: McpSessionService,
    private readonly visibility: ResourceVisibility,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.bus.subscribe((event) => this.receive(event));
  }

  add(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get size(): number {
    return this.listeners.size;
  }

  /** Graceful end of every listen stream: each request is answered, then its stream closes. */
  endAll(): void {
    for (const listener of [...this.listeners]) listener.end();
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
    this.endAll();
  }

  /**
   * Delivers a change to this instance's clients only, for a feature that learns of its changes
   * on every instance itself (the skills extension re-reads on each: src/skills).
   */
  announce(notification: ChangeNotification): void {
    for (const listener of this.listeners) listener.deliver(notification);
    this.deliverToSessions(notification);
  }

  private receive(event: ChangeEvent): void {
    const notification = changeNotificationOf(event);
    if (notification === undefined) return;
    this.announce(notification);
  }

  private deliverToSessions(notification: ChangeNotification): void {
    const message: JsonRpcNotification =
      notification.method === 'notifications/resources/updated'
        ? { jsonrpc: '2.0', method: notification.method, params: { uri: notification.uri } }
        : { jsonrpc: '2.0', method: notification.method };
    for (const session of this.sessions.liveSessions()) {
      if (!session.initialized) continue;
      if (notification.method === 'notifications/resources/updated') {
        const subscriber = session.resourceSubscriptions.get(notification.uri);
        if (subscriber === undefined || !this.visibility.mayRead(subscriber, notification.uri)) {
          continue;
        }
      }
      session.standaloneSink.send(message);
    }
  }
}

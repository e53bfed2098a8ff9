import { Logger } from '@nestjs/common';

import type { UpstreamClient, UpstreamRequestOptions } from '../client/upstream-client.types.js';

interface Holder {
  /** Sessions holding (or waiting for) the subscription. */
  count: number;
  /** The upstream's answer to our one `resources/subscribe`. */
  readonly ready: Promise<void>;
}

/**
 * Our sessions' subscriptions to one upstream's resources (docs/federation.md "Resources and
 * prompts"): the first session to subscribe to a URI subscribes upstream, later ones share that
 * subscription, the last one to let go unsubscribes upstream. The client makes them again after
 * a reconnect. A failed subscribe leaves no holder, so the next attempt asks again.
 */
export class UpstreamSubscriptions {
  private readonly logger = new Logger(UpstreamSubscriptions.name);
  private readonly holders = new Map<string, Holder>();
  private closed = false;

  constructor(
    private readonly client: UpstreamClient,
    private readonly timeoutMs: number,
  ) {}

  /**
   * Holds the subscription to the upstream's `uri`; resolves with its release (idempotent, never
   * rejects), or rejects with the upstream's refusal or unavailability.
   */
  async acquire(uri: string, options: UpstreamRequestOptions): Promise<() => Promise<void>> {
    let holder = this.holders.get(uri);
    if (holder === undefined) {
      const created: Holder = { count: 0, ready: this.client.subscribeResource(uri, options) };
      created.ready.catch(() => {
        if (this.holders.get(uri) === created) this.holders.delete(uri);
      });
      this.holders.set(uri, created);
      holder = created;
    }
    // Counted before waiting, so a release meanwhile does not unsubscribe under our feet.
    holder.count += 1;
    try {
      await holder.ready;
    } catch (error) {
      holder.count -= 1;
      throw error;
    }
    let released = false;
    const held = holder;
    return async () => {
      if (released) return;
      released = true;
      await this.release(uri, held);
    };
  }

  /** The connection is closed: releases after this are no-ops (nothing upstream to end). */
  close(): void {
    this.closed = true;
    this.holders.clear();
  }

  private async release(uri: string, holder: Holder): Promise<void> {
    holder.count -= 1;
    if (holder.count > 0 || this.closed || this.holders.get(uri) !== holder) return;
    this.holders.delete(uri);
    try {
      await this.client.unsubscribeResource(uri, {
        signal: AbortSignal.timeout(this.timeoutMs),
        retryable: true,
      });
    } catch (error) {
      // The upstream may keep sending updates for it: no session here listens any more.
      this.logger.warn(`upstream ${this.client.name}: unsubscribe ${uri} failed: ${String(error)}`);
    }
  }
}

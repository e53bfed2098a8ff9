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
 * a reconnect, and they move to the new client when the upstream's settings change. A failed
 * subscribe leaves no holder, so the next attempt asks again.
 */
export class UpstreamSubscriptions {
  private readonly logger = new Logger(UpstreamSubscriptions.name);
  private readonly holders = new Map<string, Holder>();
  private closed = false;

  constructor(
    private client: UpstreamClient,
    private readonly timeoutMs: number,
  ) {}

  /** The upstream is reached through a new client now: what our sessions hold is made there. */
  rebind(client: UpstreamClient): void {
    this.client = client;
    for (const uri of this.holders.keys()) {
      client.subscribeResource(uri, this.ownOptions()).catch((error: unknown) => {
        this.logger.warn(`upstream ${client.name}: subscribe ${uri} failed: ${String(error)}`);
      });
    }
  }

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
      await this.client.unsubscribeResource(uri, this.ownOptions());
    } catch (error) {
      // The upstream may keep sending updates for it: no session here listens any more.
      this.logger.warn(`upstream ${this.client.name}: unsubscribe ${uri} failed: ${String(error)}`);
    }
  }

  /** Requests of ours rather than a caller's: bounded by the upstream's timeout. */
  private ownOptions(): UpstreamRequestOptions {
    return { signal: AbortSignal.timeout(this.timeoutMs), retryable: true };
  }
}

/** Each upstream's {@link UpstreamSubscriptions}, kept across its connections. */
export class SubscriptionsByUpstream {
  private readonly byName = new Map<string, UpstreamSubscriptions>();

  constructor(private readonly timeoutMs: number) {}

  /** Those of upstream `name`, now reached through `client`. */
  of(name: string, client: UpstreamClient): UpstreamSubscriptions {
    const existing = this.byName.get(name);
    if (existing !== undefined) {
      existing.rebind(client);
      return existing;
    }
    const created = new UpstreamSubscriptions(client, this.timeoutMs);
    this.byName.set(name, created);
    return created;
  }

  /** Upstream `name` is removed or disabled: nothing of it is held any more. */
  drop(name: string): void {
    this.byName.get(name)?.close();
    this.byName.delete(name);
  }
}

import type { Logger } from '@nestjs/common';

import type { ChangeBus, ChangeEvent } from './change-bus.js';

/** Room left for the envelope below Postgres' 8000-byte NOTIFY limit. */
const MAX_INLINE_PAYLOAD_BYTES = 7000;
/**
 * Notifications published while an instance's LISTEN connection was down are lost (Postgres
 * docs, NOTIFY): a periodic re-read bounds how long such an instance can serve a stale policy.
 */
const RESYNC_INTERVAL_MS = 30_000;

/** What one cache holds and how a change to it travels; see {@link BusSyncedCache}. */
export interface SyncedCacheContent<State, Change> {
  /** The ChangeBus channel of this cache's changes. */
  readonly channel: string;
  /** Reads everything from the database (boot, re-read). */
  readAll(): Promise<State>;
  /** Swaps everything in. */
  replaceAll(state: State): void;
  /** The change a bus payload carries inline, else `undefined`: re-read everything. */
  changeOf(payload: Readonly<Record<string, unknown>>): Change | undefined;
  /** The payload announcing `change` to the other instances. */
  payloadOf(change: Change): Readonly<Record<string, unknown>>;
  apply(change: Change): void;
}

/**
 * Keeps a policy cache equal on every instance (docs/architecture.md "Multi-instance"), so the
 * request path reads it from memory only: loaded at boot, then each change arrives on the ChangeBus
 * and is applied synchronously, before the `list_changed` its changer publishes next (NOTIFY keeps
 * commit order), so a client re-listing sees the new view. A change too large for a NOTIFY travels
 * as an empty payload and every instance re-reads; a periodic re-read repairs what a lost
 * notification left stale.
 */
export class BusSyncedCache<State, Change> {
  private unsubscribe: (() => void) | undefined;
  private resyncTimer: NodeJS.Timeout | undefined;
  /** Counts changes applied from the bus, so a re-read that raced one is not applied over it. */
  private appliedChanges = 0;

  constructor(
    private readonly bus: ChangeBus,
    private readonly content: SyncedCacheContent<State, Change>,
    private readonly logger: Logger,
  ) {}

  /** Call before {@link load}, so no change made while loading is lost. */
  listen(): void {
    this.unsubscribe ??= this.bus.subscribe((event) => this.receive(event));
  }

  /** Reads everything, then keeps re-reading every 30 s. */
  async load(): Promise<void> {
    await this.reload();
    this.resyncTimer ??= setInterval(() => this.resync(), RESYNC_INTERVAL_MS).unref();
  }

  stop(): void {
    this.unsubscribe?.();
    clearInterval(this.resyncTimer);
  }

  /** Applies a change made here, then announces it to every instance. */
  async publish(change: Change): Promise<void> {
    this.apply(change);
    const payload = this.content.payloadOf(change);
    const inline = Buffer.byteLength(JSON.stringify(payload)) <= MAX_INLINE_PAYLOAD_BYTES;
    await this.bus.publish(this.content.channel, inline ? payload : {});
  }

  /**
   * Re-reads everything here, then makes every other instance do the same (rows written outside
   * this cache, e.g. newly recorded definitions).
   */
  async announceReload(): Promise<void> {
    await this.reload();
    await this.bus.publish(this.content.channel, {});
  }

  private async reload(): Promise<void> {
    this.content.replaceAll(await this.content.readAll());
  }

  private resync(): void {
    const changesBefore = this.appliedChanges;
    this.content.readAll().then(
      (state) => {
        if (this.appliedChanges === changesBefore) this.content.replaceAll(state);
      },
      (error: unknown) =>
        this.logger.warn(`${this.content.channel} resync failed: ${String(error)}`),
    );
  }

  private apply(change: Change): void {
    this.appliedChanges++;
    this.content.apply(change);
  }

  private receive(event: ChangeEvent): void {
    if (event.channel !== this.content.channel) return;
    const change = this.content.changeOf(event.payload);
    if (change !== undefined) {
      this.apply(change);
      return;
    }
    this.reload().catch((error: unknown) =>
      this.logger.error(`${this.content.channel} reload failed: ${String(error)}`),
    );
  }
}

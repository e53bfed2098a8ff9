import { hash } from 'node:crypto';

import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';

import { ChangeBus, type ChangeEvent } from '../events/change-bus.js';
import type { Principal } from '../protocol/context/principal.js';
import type { JsonObject } from '../protocol/json-rpc/json-rpc.types.js';
import { IdempotencySettings } from './idempotency.settings.js';
import { SettledWaiters } from '../events/settled-waiters.js';
import { type KeyedCall, ToolCallResultsStore } from './tool-call-results.store.js';

/** ChangeBus channel: a keyed call finished or was released; waiters re-read its row. */
export const IDEMPOTENCY_SETTLED_CHANNEL = 'idempotency.settled';
/** Re-read of a running call's row when no notification came (lost, or embedded bus). */
const POLL_MS = 250;

/** What a keyed call may do: run (it owns the key), replay, or nothing. */
export type KeyAcquisition =
  | { readonly kind: 'owner' }
  | { readonly kind: 'completed'; readonly result: JsonObject }
  /** The key was used with other arguments or another tool. */
  | { readonly kind: 'conflict' }
  /** The first call was still running when the deadline passed. */
  | { readonly kind: 'busy' };

/** `[subject, tenant]` as JSON: unambiguous whatever the two contain. */
export function principalKeyOf(principal: Principal): string {
  return JSON.stringify([principal.subject, principal.tenant ?? null]);
}

/**
 * Idempotent retries of `tools/call` on every instance (docs/approvals.md "Idempotent
 * retries"). The state lives in `tool_call_results`; a retry of a call still running waits for
 * its `idempotency.settled` notice (or polls), so it answers as soon as the first does.
 */
@Injectable()
export class IdempotencyService implements OnModuleInit, OnModuleDestroy {
  private readonly waiters = new SettledWaiters();
  private readonly retentionMs: number;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly store: ToolCallResultsStore,
    private readonly bus: ChangeBus,
    settings: IdempotencySettings,
  ) {
    this.retentionMs = settings.ttlSeconds * 1000;
  }

  onModuleInit(): void {
    this.unsubscribe = this.bus.subscribe((event) => this.receive(event));
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  /**
   * Claims the key for `call`, or finds the first call's result; while the first call runs,
   * waits for it until `deadline` (a `Date.now()` value) or `signal`. `leaseMs` bounds how long
   * a claim holds the key if this instance dies before it settles.
   */
  async acquire(
    call: KeyedCall,
    leaseMs: number,
    deadline: number,
    signal: AbortSignal | undefined,
  ): Promise<KeyAcquisition> {
    for (;;) {
      if (await this.store.claim(call, leaseMs)) return { kind: 'owner' };
      const stored = await this.store.find(call);
      if (stored === undefined) continue; // released or expired meanwhile: claim again
      if (stored.tool !== call.tool || stored.argumentsSha256 !== call.argumentsSha256) {
        return { kind: 'conflict' };
      }
      if (stored.state === 'completed' && stored.result !== null) {
        return { kind: 'completed', result: stored.result };
      }
      const left = deadline - Date.now();
      if (left <= 0 || signal?.aborted === true) return { kind: 'busy' };
      await this.waiters.wait(settledId(call), Math.min(POLL_MS, left), signal);
    }
  }

  /** Stores the first result for retries, then wakes the waiters on every instance. */
  async complete(call: KeyedCall, result: JsonObject): Promise<void> {
    await this.store.complete(call, result, this.retentionMs);
    await this.announce(call);
  }

  /** The first call failed without a result: the key is free again, so a retry runs. */
  async release(call: KeyedCall): Promise<void> {
    await this.store.release(call);
    await this.announce(call);
  }

  private async announce(call: KeyedCall): Promise<void> {
    await this.bus.publish(IDEMPOTENCY_SETTLED_CHANNEL, { id: settledId(call) });
  }

  private receive(event: ChangeEvent): void {
    if (event.channel !== IDEMPOTENCY_SETTLED_CHANNEL) return;
    const { id } = event.payload;
    if (typeof id === 'string') this.waiters.wake(id);
  }
}

/** A short id of principal and key for the notice: neither travels in clear through NOTIFY. */
function settledId(call: KeyedCall): string {
  return hash('sha256', `${call.principalKey}\n${call.key}`, 'base64url').slice(0, 22);
}

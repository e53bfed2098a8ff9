import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';

import { ChangeBus, type ChangeEvent } from '../events/change-bus.js';
import { SettledWaiters } from '../events/settled-waiters.js';
import type { Principal } from '../protocol/context/principal.js';
import type { JsonObject } from '../protocol/json-rpc/json-rpc.types.js';
import { ApprovalSettings } from './approval.settings.js';
import {
  type ApprovalDecision,
  type CallApprovalRecord,
  type DecisionRefusal,
  type NewCallApproval,
  SETTLED_APPROVAL_STATUSES,
} from './call-approval.types.js';
import { CallApprovalsStore } from './call-approvals.store.js';

/** ChangeBus channel: an approver decided; every instance's executor may claim an approval. */
export const APPROVAL_DECIDED_CHANNEL = 'approvals.decided';
/** ChangeBus channel: an approval reached its end; callers waiting for it (tasks) re-read. */
export const APPROVAL_SETTLED_CHANNEL = 'approvals.settled';
/** Re-read of an approval a task waits for when no notification came. */
const POLL_MS = 1_000;
/** An approved call claimed longer ago than this, never finished, is failed as interrupted. */
const INTERRUPTED_AFTER_MS = 3_600_000;

const INTERRUPTED: JsonObject = Object.freeze({
  content: [
    {
      type: 'text',
      text: 'The approved call was interrupted: the server instance running it stopped',
    },
  ],
  isError: true,
});

/**
 * Calls queued for a person's approval (docs/approvals.md "Call approvals"): queue, decide,
 * claim, settle, expire. State in `call_approvals`; decisions reach every instance's executor
 * through {@link APPROVAL_DECIDED_CHANNEL}, ends reach waiting callers through
 * {@link APPROVAL_SETTLED_CHANNEL}.
 */
@Injectable()
export class CallApprovals implements OnModuleInit, OnModuleDestroy {
  private readonly waiters = new SettledWaiters();
  private readonly ttlMs: number;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly store: CallApprovalsStore,
    private readonly bus: ChangeBus,
    settings: ApprovalSettings,
  ) {
    this.ttlMs = settings.ttlSeconds * 1000;
  }

  onModuleInit(): void {
    this.unsubscribe = this.bus.subscribe((event) => this.receive(event));
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  /** Queues a call; with an idempotency key already queued, returns that approval instead. */
  request(approval: NewCallApproval): Promise<CallApprovalRecord> {
    return this.store.create(approval, this.ttlMs);
  }

  find(id: string): Promise<CallApprovalRecord | undefined> {
    return this.store.find(id);
  }

  findByKey(principalKey: string, key: string): Promise<CallApprovalRecord | undefined> {
    return this.store.findByKey(principalKey, key);
  }

  /** An approver's decision, audited; then every instance hears of it. */
  async decide(
    approver: Principal,
    decision: ApprovalDecision,
  ): Promise<CallApprovalRecord | DecisionRefusal> {
    const decided = await this.store.decide(approver, decision);
    if (typeof decided === 'string') return decided;
    await this.bus.publish(APPROVAL_DECIDED_CHANNEL, { id: decided.id });
    if (decided.status === 'rejected') await this.settled(decided.id);
    return decided;
  }

  /** Takes an approved call to run it here; `undefined` when it is not (or no longer) to run. */
  claim(id: string): Promise<CallApprovalRecord | undefined> {
    return this.store.claim(id);
  }

  async finish(id: string, status: 'executed' | 'failed', result: JsonObject): Promise<void> {
    await this.store.finish(id, status, result);
    await this.settled(id);
  }

  /** Expires what waited too long (audited); returns the approved calls nobody claimed yet. */
  async upkeep(): Promise<string[]> {
    const settled = await this.store.settleOverdue(INTERRUPTED_AFTER_MS, INTERRUPTED);
    for (const id of settled) await this.settled(id);
    return this.store.unclaimedApproved();
  }

  /**
   * The approval once settled (executed, failed, rejected, expired), re-read when its notice
   * arrives or every second; `undefined` when `signal` aborts first.
   */
  async settlement(id: string, signal: AbortSignal): Promise<CallApprovalRecord | undefined> {
    for (;;) {
      const approval = await this.store.find(id);
      if (approval === undefined) return undefined;
      if (SETTLED_APPROVAL_STATUSES.has(approval.status)) return approval;
      if (approval.status === 'pending' && approval.expiresAt.getTime() <= Date.now()) {
        await this.upkeep();
        continue;
      }
      if (signal.aborted) return undefined;
      await this.waiters.wait(id, POLL_MS, signal);
    }
  }

  private settled(id: string): Promise<void> {
    return this.bus.publish(APPROVAL_SETTLED_CHANNEL, { id });
  }

  private receive(event: ChangeEvent): void {
    if (event.channel !== APPROVAL_SETTLED_CHANNEL) return;
    const { id } = event.payload;
    if (typeof id === 'string') this.waiters.wake(id);
  }
}

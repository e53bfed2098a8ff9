import type { ApprovalQueue } from '../approvals/call-approval.types.js';
import type { CallApprovalsStore } from '../approvals/call-approvals.store.js';

/** One scrape reads both approval gauges: they share a read younger than this. */
const SHARED_READ_MS = 1_000;

/**
 * The approval queue read at scrape time (docs/approvals.md "Call approvals"): one query on the
 * partial index of open approvals, shared by the count and the age gauges of one scrape.
 * `undefined` when the approvals feature is not loaded or the database does not answer: the
 * gauges then keep their last value rather than fail the whole scrape (an unreachable database
 * has its own signals: readiness and the audit alerts, docs/kubernetes.md "Alerts").
 */
export class ApprovalQueueStats {
  private last: { at: number; read: Promise<ApprovalQueue | undefined> } | undefined;

  constructor(private readonly store: CallApprovalsStore | undefined) {}

  read(): Promise<ApprovalQueue | undefined> {
    const now = Date.now();
    if (this.last !== undefined && now - this.last.at < SHARED_READ_MS) return this.last.read;
    const read = this.store?.pendingQueue().catch(() => undefined) ?? Promise.resolve(undefined);
    this.last = { at: now, read };
    return read;
  }
}

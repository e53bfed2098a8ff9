import {
  ConflictException,
  ForbiddenException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';

import { recordOfEntity } from '../../approvals/call-approval.rows.js';
import type { ApprovalDecision, CallApprovalStatus } from '../../approvals/call-approval.types.js';
import { CallApprovals } from '../../approvals/call-approvals.service.js';
import { CallApprovalsStore } from '../../approvals/call-approvals.store.js';
import type { Principal } from '../../protocol/context/principal.js';
import { decodeCreatedAtCursor, encodeCreatedAtCursor } from '../http/cursor.js';
import { type ApprovalAdminView, approvalViewOf } from './approval-admin.view.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Call approvals for approvers (docs/approvals.md "Call approvals"): the list, one approval, and
 * the decision, which {@link CallApprovals} records with its audit row and fans out to every
 * instance. Nobody approves their own call (403); only a pending approval is decided (409).
 */
@Injectable()
export class ApprovalAdminService {
  constructor(
    private readonly approvals: CallApprovals,
    private readonly store: CallApprovalsStore,
  ) {}

  async list(
    limit: number,
    status: CallApprovalStatus | undefined,
    cursor: string | undefined,
  ): Promise<{ approvals: ApprovalAdminView[]; nextCursor?: string }> {
    const query = this.store.repository.createQueryBuilder('a');
    if (status !== undefined) query.where('a.status = :status', { status });
    if (cursor !== undefined) {
      const after = decodeCreatedAtCursor(cursor, UUID);
      query.andWhere('(a.createdAt, a.id) < (CAST(:createdAt AS timestamptz), CAST(:id AS uuid))', {
        createdAt: after.createdAt,
        id: after.id,
      });
    }
    const rows = await query
      .orderBy('a.createdAt', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .limit(limit + 1)
      .getMany();
    const page = rows.slice(0, limit).map((row) => approvalViewOf(recordOfEntity(row)));
    const last = page[page.length - 1];
    return rows.length > limit && last !== undefined
      ? { approvals: page, nextCursor: encodeCreatedAtCursor(last) }
      : { approvals: page };
  }

  async get(id: string): Promise<ApprovalAdminView> {
    const approval = UUID.test(id) ? await this.approvals.find(id) : undefined;
    if (approval === undefined) throw unknownApproval(id);
    return approvalViewOf(approval);
  }

  async decide(approver: Principal, decision: ApprovalDecision): Promise<ApprovalAdminView> {
    if (!UUID.test(decision.id)) throw unknownApproval(decision.id);
    const decided = await this.approvals.decide(approver, decision);
    switch (decided) {
      case 'unknown':
        throw unknownApproval(decision.id);
      case 'own_call':
        throw new ForbiddenException(
          'You requested this call: a second person must approve it (four-eyes rule)',
        );
      case 'not_pending':
        throw new ConflictException(
          `Approval ${decision.id} is no longer pending (already decided, run or expired)`,
        );
      default:
        return approvalViewOf(decided);
    }
  }
}

function unknownApproval(id: string): NotFoundException {
  return new NotFoundException(`Unknown approval ${id}`);
}

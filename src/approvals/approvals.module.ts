import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { SettingsModule } from '../config/index.js';
import { ApprovalSettings } from './approval.settings.js';
import { CallApprovalEntity } from './call-approval.entity.js';
import { CallApprovals } from './call-approvals.service.js';
import { CallApprovalsStore } from './call-approvals.store.js';

/**
 * Calls queued for a person's approval (docs/approvals.md "Call approvals"): the
 * `call_approvals` table and {@link CallApprovals}, used by the engine's approval gate and
 * executor and by the admin API. Needs DatabaseModule and EventsModule (global).
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forFeature([CallApprovalEntity]),
    SettingsModule.forFeature(ApprovalSettings),
  ],
  providers: [CallApprovalsStore, CallApprovals],
  exports: [CallApprovals, CallApprovalsStore],
})
export class ApprovalsModule {}

import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { appendToAuditChainIn } from '../../audit/audit-chain.writer.js';
import { adminChangeRow } from '../../audit/admin-change.row.js';
import { FederatedCatalogue } from '../../federation/catalogue/federated-catalogue.service.js';
import type { Principal } from '../../protocol/context/principal.js';
import { PromptVersionEntity } from '../../versions/prompt-version.entity.js';
import { type PromptVersionView, promptVersionView } from './prompt-version.view.js';

export type PromptVersionDecision = 'approved' | 'rejected';

/**
 * Approves or rejects a recorded prompt definition (docs/federation.md "Versions"): one
 * transaction with its `admin.change` audit row (`prompt_version.approve|reject`), then every
 * instance re-reads the upstream serving the prompt, which may now serve it differently.
 */
@Injectable()
export class PromptVersionDecisions {
  constructor(
    private readonly dataSource: DataSource,
    private readonly catalogue: FederatedCatalogue,
  ) {}

  async decide(
    admin: Principal,
    name: string,
    definitionSha256: string,
    status: PromptVersionDecision,
  ): Promise<PromptVersionView> {
    const after = await this.dataSource.transaction(async (manager) => {
      const versions = manager.getRepository(PromptVersionEntity);
      const before = await versions.findOne({
        where: { name, definitionSha256 },
        lock: { mode: 'pessimistic_write' },
      });
      if (before === null) {
        throw new NotFoundException(`Unknown definition ${definitionSha256} of prompt ${name}`);
      }
      if (before.status === status) {
        throw new ConflictException(
          `Definition ${definitionSha256} of prompt ${name} is already ${status}`,
        );
      }
      await versions.update(
        { name, definitionSha256 },
        { status, decidedBy: admin.subject, decidedAt: () => 'now()' },
      );
      const decided = await versions.findOneByOrFail({ name, definitionSha256 });
      const action = status === 'approved' ? 'prompt_version.approve' : 'prompt_version.reject';
      await appendToAuditChainIn(manager, [
        adminChangeRow(
          admin,
          action,
          `${name}@${definitionSha256}`,
          promptVersionView(before),
          promptVersionView(decided),
        ),
      ]);
      return decided;
    });
    await this.catalogue.resyncOwnerOf(name);
    return promptVersionView(after);
  }
}

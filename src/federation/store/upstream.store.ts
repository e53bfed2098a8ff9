import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

import { adminChangeRow } from '../../audit/admin-change.row.js';
import { appendToAuditChainIn } from '../../audit/audit-chain.writer.js';
import type { Principal } from '../../protocol/context/principal.js';
import type { UpstreamColumns } from './upstream-row.js';
import { UpstreamServerEntity } from './upstream-server.entity.js';

/** What the audit log keeps of a row: everything but the sealed secrets, and whether there are any. */
export function auditedUpstream(row: UpstreamServerEntity): Record<string, unknown> {
  const { name, transport, url, command, args, headerNames, auth, enabled, timeoutMs } = row;
  const { managedBy, revision, updatedBy, sealedSecrets } = row;
  return {
    ...{ name, transport, url, command, args, headerNames, auth, enabled, timeoutMs },
    ...{ managedBy, revision, updatedBy, secretsConfigured: sealedSecrets !== null },
  };
}

/** An admin's (or the upstreams file's) change of one upstream, audited. */
export interface UpstreamChange {
  readonly by: Principal;
  /** `upstream.create`, `upstream.update`, `upstream.delete`. */
  readonly action: string;
}

/**
 * `upstream_servers`: each change is one transaction holding its `admin.change` audit row
 * (before and after, secrets never), so a refused change or a failed audit append changes nothing.
 */
@Injectable()
export class UpstreamStore {
  constructor(private readonly dataSource: DataSource) {}

  loadAll(): Promise<UpstreamServerEntity[]> {
    return this.dataSource.getRepository(UpstreamServerEntity).find({ order: { name: 'ASC' } });
  }

  /** Inserts a new upstream; `undefined` when the name is taken. */
  create(
    name: string,
    columns: UpstreamColumns,
    managedBy: UpstreamServerEntity['managedBy'],
    change: UpstreamChange,
  ): Promise<UpstreamServerEntity | undefined> {
    return this.dataSource.transaction(async (manager) => {
      // Serializes creations of one name: the second waits, then finds the first's row.
      await manager.query('SELECT pg_advisory_xact_lock(72614342, hashtext($1))', [name]);
      if ((await manager.findOneBy(UpstreamServerEntity, { name })) !== null) return undefined;
      const row = await manager.save(
        manager.create(UpstreamServerEntity, {
          name,
          ...columns,
          managedBy,
          updatedBy: change.by.subject,
        }),
      );
      await audit(manager, change, name, null, row);
      return row;
    });
  }

  /**
   * Row-locks the upstream, lets `next` check it (it may throw: 412, 403) and give its new
   * columns, and saves them as the next revision. `undefined`: no such upstream.
   */
  update(
    name: string,
    change: UpstreamChange,
    next: (current: UpstreamServerEntity) => UpstreamColumns,
  ): Promise<UpstreamServerEntity | undefined> {
    return this.dataSource.transaction(async (manager) => {
      const before = await lock(manager, name);
      if (before === undefined) return undefined;
      const snapshot = { ...before };
      const columns = next(before);
      const after = await manager.save(
        manager.merge(UpstreamServerEntity, manager.create(UpstreamServerEntity, before), {
          ...columns,
          revision: before.revision + 1,
          updatedAt: new Date(),
          updatedBy: change.by.subject,
        }),
      );
      await audit(manager, change, name, snapshot, after);
      return after;
    });
  }

  /** Deletes after `check` (it may throw); `false`: no such upstream. */
  delete(
    name: string,
    change: UpstreamChange,
    check: (current: UpstreamServerEntity) => void,
  ): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const before = await lock(manager, name);
      if (before === undefined) return false;
      check(before);
      await manager.delete(UpstreamServerEntity, { name });
      await audit(manager, change, name, before, null);
      return true;
    });
  }
}

function lock(manager: EntityManager, name: string): Promise<UpstreamServerEntity | undefined> {
  return manager
    .getRepository(UpstreamServerEntity)
    .createQueryBuilder('u')
    .setLock('pessimistic_write')
    .where('u.name = :name', { name })
    .getOne()
    .then((row) => row ?? undefined);
}

async function audit(
  manager: EntityManager,
  change: UpstreamChange,
  name: string,
  before: UpstreamServerEntity | null,
  after: UpstreamServerEntity | null,
): Promise<void> {
  await appendToAuditChainIn(manager, [
    adminChangeRow(
      change.by,
      change.action,
      name,
      before === null ? null : auditedUpstream(before),
      after === null ? null : auditedUpstream(after),
    ),
  ]);
}

import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

import { appendToAuditChainIn } from '../audit/audit-chain.writer.js';
import { registryChangeRow } from '../audit/registry-change.row.js';
import { type LoadedSkill, OPEN_ACCESS, type SkillOrigin, skillUri } from './loaded-skill.js';
import { mediaTypeOf } from './skill-media-types.js';
import {
  SkillFileEntity,
  SkillVersionEntity,
  type SkillVersionStatus,
} from './skill-version.entity.js';

/** A recorded skill version without its bytes: what the served-version choice needs. */
export interface SkillVersionRecord {
  readonly path: string;
  readonly digest: string;
  readonly name: string;
  readonly origin: string;
  readonly status: SkillVersionStatus;
  readonly firstSeenAt: Date;
  readonly decidedBy: string | null;
  readonly decidedAt: Date | null;
}

/**
 * `skill_versions` and `skill_files`: every distinct skill the server loaded, its approval
 * state, and the bytes of its files. Written when a skill is first seen and when an operator
 * decides; read when the served versions are chosen (start, a folder change, a decision), never
 * per request.
 */
@Injectable()
export class SkillVersionStore {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Records a skill version not seen before, with its files, as `approved` by `auto` or
   * `pending`, and puts a `registry.change` row on the audit chain in the same transaction.
   * Returns whether it was new.
   */
  record(skill: LoadedSkill, status: 'approved' | 'pending'): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const decided = status === 'approved';
      const inserted: unknown[] = await manager.query(
        `INSERT INTO skill_versions
           (path, digest, name, origin, frontmatter, files, status, decided_by, decided_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (path, digest) DO NOTHING
         RETURNING digest`,
        [
          skill.path,
          skill.digest,
          skill.name,
          skill.origin,
          JSON.stringify(skill.frontmatter),
          JSON.stringify(skill.files.map(({ path, digest, size }) => ({ path, digest, size }))),
          status,
          decided ? 'auto' : null,
          decided ? new Date() : null,
        ],
      );
      if (inserted.length === 0) return false;
      await saveFiles(manager, skill);
      await appendToAuditChainIn(manager, [
        registryChangeRow({
          action: 'skill_version.record',
          target: `${skill.path}@${skill.digest}`,
          changeAfter: { path: skill.path, digest: skill.digest, origin: skill.origin, status },
        }),
      ]);
      return true;
    });
  }

  /** Every recorded version, oldest first per path; in `manager`'s transaction when given. */
  async versions(manager: EntityManager = this.dataSource.manager): Promise<SkillVersionRecord[]> {
    return manager.getRepository(SkillVersionEntity).find({
      select: {
        path: true,
        digest: true,
        name: true,
        origin: true,
        status: true,
        firstSeenAt: true,
        decidedBy: true,
        decidedAt: true,
      },
      order: { path: 'ASC', firstSeenAt: 'ASC' },
    });
  }

  /** A recorded version with its bytes, as a skill to serve. */
  async load(path: string, digest: string): Promise<LoadedSkill | undefined> {
    const row = await this.dataSource.getRepository(SkillVersionEntity).findOneBy({ path, digest });
    if (row === null) return undefined;
    const digests = [...new Set(row.files.map((file) => file.digest))];
    const contents = await this.dataSource
      .getRepository(SkillFileEntity)
      .createQueryBuilder('file')
      .where('file.digest IN (:...digests)', { digests })
      .getMany();
    const byDigest = new Map(contents.map((file) => [file.digest, file.content]));
    const files = row.files.map((file) => ({
      ...file,
      uri: skillUri(path, file.path),
      mimeType: mediaTypeOf(file.path),
      content: byDigest.get(file.digest) ?? Buffer.alloc(0),
    }));
    if (files.some((file) => !byDigest.has(file.digest))) return undefined;
    return {
      path,
      name: row.name,
      description: String(row.frontmatter.description),
      frontmatter: row.frontmatter,
      files,
      digest,
      origin: row.origin as SkillOrigin,
      location: `skill_versions ${path}@${digest}`,
      access: OPEN_ACCESS,
    };
  }

  /**
   * Sets the decision on one version inside the caller's transaction (the admin API audits it
   * there); `undefined` when the version is unknown.
   */
  async decide(
    manager: EntityManager,
    path: string,
    digest: string,
    status: 'approved' | 'rejected',
    decidedBy: string,
  ): Promise<SkillVersionRecord | undefined> {
    const repository = manager.getRepository(SkillVersionEntity);
    const row = await repository.findOne({
      where: { path, digest },
      lock: { mode: 'pessimistic_write' },
    });
    if (row === null) return undefined;
    row.status = status;
    row.decidedBy = decidedBy;
    row.decidedAt = new Date();
    await repository.save(row);
    return row;
  }
}

async function saveFiles(manager: EntityManager, skill: LoadedSkill): Promise<void> {
  const unique = new Map(skill.files.map((file) => [file.digest, file.content]));
  for (const [digest, content] of unique) {
    await manager.query(
      'INSERT INTO skill_files (digest, content) VALUES ($1, $2) ON CONFLICT (digest) DO NOTHING',
      [digest, content],
    );
  }
}

import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, type FindOptionsSelect, Not, Repository } from 'typeorm';

import type { JsonObject } from '../protocol/json-rpc/json-rpc.types.js';
import { ToolPolicyEntity } from '../policy/tool-policy.entity.js';
import type {
  RecordedToolVersion,
  RecordedToolVersions,
  ToolVersionStatus,
} from './recorded-tool-version.js';
import { ToolVersionEntity } from './tool-version.entity.js';

type StatusFields = Pick<
  ToolVersionEntity,
  'version' | 'definitionSha256' | 'status' | 'decidedBy' | 'decidedAt' | 'firstSeenAt'
>;

/** Everything but the definition itself, which approval and serving decisions never read. */
const STATUS_FIELDS = {
  id: true,
  name: true,
  version: true,
  definitionSha256: true,
  status: true,
  decidedBy: true,
  decidedAt: true,
  firstSeenAt: true,
} as const satisfies FindOptionsSelect<ToolVersionEntity>;

/** Approval state of recorded tool definitions (`tool_versions.status`). */
@Injectable()
export class ToolVersionStatusRepository {
  constructor(
    @InjectRepository(ToolVersionEntity) private readonly versions: Repository<ToolVersionEntity>,
  ) {}

  /** Every tool's recorded definitions, with the tool's revision they were read at. */
  async loadAll(): Promise<Map<string, RecordedToolVersions>> {
    // The tool's revision is its policy row's: every admin change of the tool moves it on.
    // One row per version (the join is on the policy's key), so raw[i] belongs to entities[i].
    const { entities, raw } = await this.versions
      .createQueryBuilder('v')
      .select(Object.keys(STATUS_FIELDS).map((field) => `v.${field}`))
      .addSelect('coalesce(p.revision, 0)', 'revision')
      .leftJoin(ToolPolicyEntity, 'p', 'p.name = v.name')
      .orderBy('v.name')
      .addOrderBy('v.firstSeenAt')
      .addOrderBy('v.id')
      .getRawAndEntities<{ revision: number }>();
    const byName = new Map<string, RecordedToolVersions & { versions: RecordedToolVersion[] }>();
    entities.forEach((row, i) => {
      let tool = byName.get(row.name);
      if (tool === undefined) {
        tool = { name: row.name, revision: raw[i]?.revision ?? 0, versions: [] };
        byName.set(row.name, tool);
      }
      tool.versions.push(toRecorded(row));
    });
    return byName;
  }

  /** One recorded definition of tool `name` by its hash; `undefined` when none was recorded. */
  async definitionOf(
    name: string,
    definitionSha256: string,
  ): Promise<RecordedToolDefinition | undefined> {
    const row = await this.versions.findOne({
      select: { ...STATUS_FIELDS, definition: true },
      where: { name, definitionSha256 },
    });
    return row === null ? undefined : { ...toRecorded(row), definition: row.definition };
  }

  async loadFor(manager: EntityManager, name: string): Promise<RecordedToolVersion[]> {
    const rows = await manager.find(ToolVersionEntity, {
      select: STATUS_FIELDS,
      where: { name },
      order: { firstSeenAt: 'ASC', id: 'ASC' },
    });
    return rows.map(toRecorded);
  }

  /** Sets the status; `undefined` when the definition is unknown or already in that status. */
  async decide(
    manager: EntityManager,
    name: string,
    version: Pick<RecordedToolVersion, 'version' | 'definitionSha256'>,
    status: ToolVersionStatus,
    decidedBy: string,
  ): Promise<RecordedToolVersion | undefined> {
    const key = { name, version: version.version, definitionSha256: version.definitionSha256 };
    const { affected } = await manager
      .createQueryBuilder()
      .update(ToolVersionEntity)
      .set({ status, decidedBy, decidedAt: () => 'now()' })
      .where({ ...key, status: Not(status) })
      .execute();
    if (affected === 0) return undefined;
    return toRecorded(
      await manager.findOneOrFail(ToolVersionEntity, { select: STATUS_FIELDS, where: key }),
    );
  }
}

/** A recorded definition with its approval state, for the admin API's version comparison. */
export interface RecordedToolDefinition extends RecordedToolVersion {
  /** The `ToolDefinition` as it was recorded (served once approved). */
  readonly definition: JsonObject;
}

function toRecorded(row: StatusFields): RecordedToolVersion {
  return {
    version: row.version,
    definitionSha256: row.definitionSha256,
    status: row.status,
    decidedBy: row.decidedBy,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    firstSeenAt: row.firstSeenAt.toISOString(),
  };
}

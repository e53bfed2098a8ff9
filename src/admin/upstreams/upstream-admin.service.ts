import {
  BadRequestException,
  ConflictException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';

import { FederatedCatalogue } from '../../federation/catalogue/federated-catalogue.service.js';
import { FederationSettings } from '../../federation/federation.settings.js';
import { SecretKeyMissingError } from '../../federation/secrets/secret-box.js';
import type { UpstreamServerEntity } from '../../federation/store/upstream-server.entity.js';
import { specProblems, type UpstreamSpec } from '../../federation/spec/upstream-spec.js';
import { Upstreams } from '../../federation/upstreams.service.js';
import type { Principal } from '../../protocol/context/principal.js';
import { ServedToolVersions } from '../../versions/served-tool-versions.js';
import { assertPrecondition, type RevisionPrecondition } from '../common/revision-precondition.js';
import { invalidFields } from '../http/admin-validation.pipe.js';
import { upstreamAdminView, type UpstreamAdminView } from './upstream-admin.view.js';
import { specFromCreate, specFromUpdate } from '../../federation/spec/upstream-spec.mapping.js';
import type { CreateUpstreamDto } from '../../federation/spec/upstream.dto.js';
import type { UpdateUpstreamDto } from './update-upstream.dto.js';

/**
 * Admin operations on federated upstreams (docs/federation.md "Admin API"). Each change is one
 * audited transaction (UpstreamStore); the new state reaches every instance through the ChangeBus.
 * Upstreams that `MCP_UPSTREAMS_FILE` manages are changed by editing the file only.
 */
@Injectable()
export class UpstreamAdminService {
  constructor(
    private readonly upstreams: Upstreams,
    private readonly catalogue: FederatedCatalogue,
    private readonly served: ServedToolVersions,
    private readonly settings: FederationSettings,
  ) {}

  list(): UpstreamAdminView[] {
    return this.upstreams.list().map((row) => this.view(row));
  }

  assertKnown(name: string): void {
    if (this.upstreams.find(name) === undefined) throw unknownUpstream(name);
  }

  inspect(name: string): UpstreamAdminView {
    const row = this.upstreams.find(name);
    if (row === undefined) throw unknownUpstream(name);
    return this.view(row);
  }

  async create(admin: Principal, body: CreateUpstreamDto): Promise<UpstreamAdminView> {
    const spec = this.checked(specFromCreate(body));
    const row = await this.sealing(() => this.upstreams.create(spec, admin, 'api'));
    if (row === undefined) {
      throw new ConflictException({
        statusCode: 409,
        error: 'Conflict',
        message: `An upstream named "${spec.name}" exists already`,
      });
    }
    return this.inspect(row.name);
  }

  async update(
    admin: Principal,
    name: string,
    precondition: RevisionPrecondition,
    body: UpdateUpstreamDto,
  ): Promise<UpstreamAdminView> {
    const row = await this.sealing(() =>
      this.upstreams.update(name, admin, (current) => {
        assertPrecondition(precondition, current.revision);
        assertApiManaged(current);
        const spec = this.checked(specFromUpdate(this.upstreams.specOf(current), body));
        return this.upstreams.columnsOf(spec);
      }),
    );
    if (row === undefined) throw unknownUpstream(name);
    return this.inspect(name);
  }

  async remove(admin: Principal, name: string, precondition: RevisionPrecondition): Promise<void> {
    const deleted = await this.upstreams.delete(name, admin, (current) => {
      assertPrecondition(precondition, current.revision);
      assertApiManaged(current);
    });
    if (!deleted) throw unknownUpstream(name);
  }

  private view(row: UpstreamServerEntity): UpstreamAdminView {
    return upstreamAdminView(
      row,
      this.catalogue.state(row.name),
      (tool) => this.served.versionsOf(tool),
      this.settings.separator,
    );
  }

  private checked(mapped: ReturnType<typeof specFromCreate>): UpstreamSpec {
    if (!mapped.ok) throw invalidFields(mapped.errors);
    const problems = specProblems(mapped.value, this.settings.separator);
    if (problems.length > 0) throw invalidFields(problems);
    return mapped.value;
  }

  /** A secret without a key is the admin's input problem: 400 naming the setting, nothing stored. */
  private async sealing<T>(change: () => Promise<T>): Promise<T> {
    try {
      return await change();
    } catch (error) {
      if (!(error instanceof SecretKeyMissingError)) throw error;
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: error.message,
      });
    }
  }
}

function unknownUpstream(name: string): NotFoundException {
  return new NotFoundException({
    statusCode: 404,
    error: 'Not Found',
    message: `Unknown upstream "${name}"`,
  });
}

function assertApiManaged(row: UpstreamServerEntity): void {
  if (row.managedBy === 'file') {
    throw new ConflictException({
      statusCode: 409,
      error: 'Conflict',
      message: `Upstream "${row.name}" is managed by MCP_UPSTREAMS_FILE: change the file instead`,
    });
  }
}

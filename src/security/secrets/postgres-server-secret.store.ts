import { randomBytes } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';

import { ServerSecretEntity } from './server-secret.entity.js';
import { ServerSecretStore } from './server-secret.store.js';

/**
 * `server_secrets` rows. Instances starting at once race on the insert; `ON CONFLICT DO NOTHING`
 * plus the read that follows makes every one of them end up with the first row written.
 */
@Injectable()
export class PostgresServerSecretStore extends ServerSecretStore {
  constructor(
    @InjectRepository(ServerSecretEntity)
    private readonly secrets: Repository<ServerSecretEntity>,
  ) {
    super();
  }

  async getOrCreate(name: string, bytes: number): Promise<Buffer> {
    await this.secrets
      .createQueryBuilder()
      .insert()
      .values({ name, value: randomBytes(bytes) })
      .orIgnore()
      .execute();
    const secret = await this.secrets.findOneBy({ name });
    if (secret === null) throw new Error(`server secret ${name} could not be stored`);
    return secret.value;
  }
}

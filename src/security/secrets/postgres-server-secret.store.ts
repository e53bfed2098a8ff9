import { randomBytes } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { pgPoolOf } from '../../persistence/pg-pool.js';
import { ServerSecretStore } from './server-secret.store.js';

/**
 * `server_secrets` rows. Instances starting at once race on the insert; `ON CONFLICT DO NOTHING`
 * plus the read that follows makes every one of them end up with the first row written.
 */
@Injectable()
export class PostgresServerSecretStore extends ServerSecretStore {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async getOrCreate(name: string, bytes: number): Promise<Buffer> {
    const pool = pgPoolOf(this.dataSource);
    await pool.query(
      'INSERT INTO server_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING',
      [name, randomBytes(bytes)],
    );
    const { rows } = await pool.query<{ value: Buffer }>(
      'SELECT value FROM server_secrets WHERE name = $1',
      [name],
    );
    const value = rows[0]?.value;
    if (value === undefined) throw new Error(`server secret ${name} could not be stored`);
    return value;
  }
}

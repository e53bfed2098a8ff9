import { expect, it } from 'vitest';

import { PostgresServerSecretStore } from '../../src/security/secrets/postgres-server-secret.store.js';
import { ServerSecretEntity } from '../../src/security/secrets/server-secret.entity.js';
import { describeEachDatabase, useTestDatabase } from '../support/database.js';

describeEachDatabase('server_secrets', (tier) => {
  const db = useTestDatabase(tier, { entities: [ServerSecretEntity] });
  /** A store per instance of the deployment; they share the table. */
  const instance = () =>
    new PostgresServerSecretStore(db().dataSource.getRepository(ServerSecretEntity));

  it('should create a secret once and return the same one afterwards', async () => {
    const created = await instance().getOrCreate('state-key', 32);
    expect(created).toHaveLength(32);
    expect(await instance().getOrCreate('state-key', 32)).toEqual(created);
    expect(await instance().getOrCreate('other-key', 32)).not.toEqual(created);
  });

  it('should give instances starting together the first secret written', async () => {
    const secrets = await Promise.all(
      Array.from({ length: 4 }, () => instance().getOrCreate('raced-key', 16)),
    );
    expect(new Set(secrets.map((secret) => secret.toString('hex'))).size).toBe(1);
  });
});

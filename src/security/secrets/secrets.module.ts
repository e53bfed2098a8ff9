import { Global, Module } from '@nestjs/common';

import { PostgresServerSecretStore } from './postgres-server-secret.store.js';
import { ServerSecretStore } from './server-secret.store.js';

@Global()
@Module({
  providers: [{ provide: ServerSecretStore, useClass: PostgresServerSecretStore }],
  exports: [ServerSecretStore],
})
export class SecretsModule {}

import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { PostgresServerSecretStore } from './postgres-server-secret.store.js';
import { ServerSecretEntity } from './server-secret.entity.js';
import { ServerSecretStore } from './server-secret.store.js';

/** Deployment-wide secrets in `server_secrets` ({@link ServerSecretStore}). Needs DatabaseModule. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([ServerSecretEntity])],
  providers: [{ provide: ServerSecretStore, useClass: PostgresServerSecretStore }],
  exports: [ServerSecretStore],
})
export class SecretsModule {}

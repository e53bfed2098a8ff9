import { Global, Module } from '@nestjs/common';

import { PostgresSessionRepository } from './postgres-session.repository.js';
import { SessionRepository } from './session.repository.js';

/** Provides the {@link SessionRepository} port on Postgres. Needs DatabaseModule. */
@Global()
@Module({
  providers: [{ provide: SessionRepository, useClass: PostgresSessionRepository }],
  exports: [SessionRepository],
})
export class SessionsModule {}

import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { McpSessionService } from './mcp-session.service.js';
import { PostgresSessionRepository } from './postgres-session.repository.js';
import { SessionEntity } from './session.entity.js';
import { SessionRepository } from './session.repository.js';

/**
 * Sessions: the live sessions of this instance ({@link McpSessionService}, a cache over the
 * `sessions` table that every instance shares), the {@link SessionRepository} port on
 * Postgres, and the entity's repository for the admin API. Needs DatabaseModule and the ChangeBus.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([SessionEntity])],
  providers: [
    McpSessionService,
    { provide: SessionRepository, useClass: PostgresSessionRepository },
  ],
  exports: [McpSessionService, SessionRepository, TypeOrmModule],
})
export class SessionsModule {}

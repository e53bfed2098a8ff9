import { Module } from '@nestjs/common';

import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.constants.js';
import { DATABASE_SERVER } from './database.constants.js';
import { startDatabaseServer } from './database-server.js';

/**
 * The {@link DatabaseServer}, started before the DataSource that connects to it (the embedded
 * PGlite runs in this process). Stopped by the DatabaseCloser, after the DataSource.
 */
@Module({
  providers: [
    {
      provide: DATABASE_SERVER,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => startDatabaseServer(config.database),
    },
  ],
  exports: [DATABASE_SERVER],
})
export class DatabaseServerModule {}

import { Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.constants.js';
import { DatabaseCloser } from './database-closer.service.js';
import { DATABASE_INFO, OPEN_DATABASE } from './database.constants.js';
import { openDatabase, type OpenDatabase } from './open-database.js';

/**
 * Provides the initialized TypeORM `DataSource` (starting the embedded PGlite first when no
 * `DATABASE_URL` is set) and closes it on shutdown. It never migrates: `npm run migrate` does.
 */
@Global()
@Module({
  providers: [
    {
      provide: OPEN_DATABASE,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => openDatabase(config.database),
    },
    {
      provide: DataSource,
      inject: [OPEN_DATABASE],
      useFactory: (database: OpenDatabase) => database.dataSource,
    },
    {
      provide: DATABASE_INFO,
      inject: [OPEN_DATABASE],
      useFactory: (database: OpenDatabase) => database.info,
    },
    DatabaseCloser,
  ],
  exports: [DataSource, DATABASE_INFO, DatabaseCloser],
})
export class DatabaseModule {}
